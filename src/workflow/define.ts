/**
 * A benefit's workflow as a machine, and the error every workflow refusal is: a catalog code with its
 * arguments (no store, no evaluator: pictures and the CLI's start-up load only this).
 */
import { codedMessage, formatMessage, type Code, type Lang, type MessageArg } from '../diagnostics/catalog.ts';
import type { Graph } from '../ir/schema.ts';
import { buildMachine, type Machine } from './machine.ts';

/** A refused or impossible workflow request: a catalog code and its arguments; `exit` says which exit status. */
export class WorkflowError extends Error {
  constructor(
    readonly code: Code,
    readonly args: MessageArg[],
    readonly exit: 'refused' | 'input',
    readonly details: string[] = [],
  ) {
    super(formatMessage(code, args));
  }

  /** The message with its code, and the details (reasons, bad fields) one per line under it. */
  text(lang: Lang = 'zh'): string {
    return [codedMessage(this.code, this.args, lang), ...this.details.map((d) => `  ${d}`)].join('\n');
  }
}

/** The state machine of the workflow a benefit goes through. */
export function machineForBenefit(graph: Graph, benefitId: string): Machine {
  const b = graph.benefits.find((x) => x.id === benefitId);
  if (!b) {
    const withWf = graph.benefits.filter((x) => x.workflow).map((x) => x.id);
    throw new WorkflowError('POL5008', [benefitId, withWf.join('、') || '无'], 'input');
  }
  if (!b.workflow) throw new WorkflowError('POL5007', [benefitId], 'input');
  return machineOf(graph, b.workflow);
}

const machines = new WeakMap<Graph, Map<string, Machine>>();

/** The machine of a workflow (built once per graph). */
export function machineOf(graph: Graph, workflowId: string): Machine {
  let byId = machines.get(graph);
  if (!byId) machines.set(graph, (byId = new Map()));
  let m = byId.get(workflowId);
  if (!m) {
    const built = buildMachine(graph, workflowId);
    if (!built.machine) {
      const d = built.diagnostics[0]!;
      throw new WorkflowError(d.code, d.args, 'input', [`${d.file}:${d.span.line}:${d.span.col}`]);
    }
    m = built.machine;
    byId.set(workflowId, m);
  }
  return m;
}
