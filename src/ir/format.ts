/** The version tag of the rule graph's JSON format. Kept apart from schema.ts so that code that only writes graphs does not load zod. */
export const GRAPH_FORMAT = 'pol-graph/1';
