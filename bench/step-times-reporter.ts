import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

/**
 * For the benchmark: where each passing test's time goes, as Playwright itself times it — the
 * hooks with the fixtures they set up and tear down, and the test's own steps — written as JSON
 * to BENCH_STEPS_FILE. (The JSON reporter keeps only `test.step`s, not hooks and fixtures.)
 */
export default class StepTimesReporter implements Reporter {
  private readonly tests: { title: string; duration: number; parts: Record<string, number> }[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'passed') return;
    const parts: Record<string, number> = {};
    const add = (name: string, ms: number) => (parts[name] = (parts[name] ?? 0) + ms);
    for (const step of result.steps) {
      if (step.category === 'hook') {
        // "Before Hooks" / "After Hooks": by fixture, and what is not in one.
        let inFixtures = 0;
        for (const child of step.steps) {
          add(`${step.title} › ${label(child)}`, child.duration);
          inFixtures += child.duration;
        }
        add(`${step.title} › (other)`, Math.max(0, step.duration - inFixtures));
      } else add(label(step), step.duration);
    }
    const inSteps = result.steps.reduce((n, s) => n + s.duration, 0);
    add('(outside any step)', Math.max(0, result.duration - inSteps));
    this.tests.push({ title: test.title, duration: result.duration, parts });
  }

  onEnd(): void {
    const file = process.env.BENCH_STEPS_FILE;
    if (file) writeFileSync(file, JSON.stringify(this.tests));
  }

  printsToStdio(): boolean {
    return false;
  }
}

/** A step's name, the same in every test (a test's own address is left out). */
function label(step: TestStep): string {
  const title = step.title.replace(/\S+@\S+/g, '<address>');
  return step.category === 'test.step' ? title : `${step.category}: ${title}`;
}
