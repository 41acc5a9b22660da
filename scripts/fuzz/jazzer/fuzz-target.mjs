// Jazzer.js loads a fuzz target by a .js/.mjs name only; the TypeScript loader takes it from here.
export { fuzz } from './fuzz-target.ts';
