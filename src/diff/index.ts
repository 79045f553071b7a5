/** Policy diff on two compiled rule graphs (`pol diff`). */
export { diffGraphs, type Change, type ChangeArea, type PolicyDiff } from './diff.ts';
export { renderDiff } from './render.ts';
