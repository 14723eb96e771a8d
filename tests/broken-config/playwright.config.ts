// A configuration that cannot load (run only by tests/ci-script.test.ts): CI must go red on it.
throw new Error('this config is broken on purpose');
