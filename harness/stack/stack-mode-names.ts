/**
 * The modes, as E2E_STACK names them; each has its door in stack-modes.ts (the compiler holds
 * them together). Apart from the doors, so the settings can name the modes without their starts.
 */
export const stackModeNames = ['containers', 'local', 'external'] as const;
export type StackMode = (typeof stackModeNames)[number];
export const isStackMode = (name: string): name is StackMode => (stackModeNames as readonly string[]).includes(name);
