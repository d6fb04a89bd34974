/**
 * Fault injection: decides, per request, which configured faults apply (latency adds up;
 * the first non-latency fault wins). Rules keep their own sequence position; probabilities
 * draw from the emulator's seeded generator, so a seed replays the same faults.
 */
import type { Fault, FaultRule, RouteId } from "../options.ts";

export interface FaultDecision {
  /** Total added latency in ms (real time). */
  readonly latencyMs: number;
  /** The fault that replaces or spoils the answer, if any. */
  readonly fault: Exclude<Fault, { kind: "latency" }> | null;
}

interface RuleState {
  readonly rule: FaultRule;
  position: number;
}

function asList<T>(v: T | readonly T[] | undefined): readonly T[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? (v as readonly T[]) : [v as T];
}

export class FaultInjector {
  #rules: RuleState[] = [];
  readonly #random: () => number;

  constructor(random: () => number, rules: readonly FaultRule[] = []) {
    this.#random = random;
    this.set(rules);
  }

  /** Replaces the rules (and restarts their sequences). */
  set(rules: readonly FaultRule[]): void {
    // A JavaScript caller can pass anything; say what is wrong instead of a bare "map is not a function".
    if (!Array.isArray(rules)) throw new TypeError(`emulator faults must be an array of fault rules, got ${typeof rules}`);
    this.#rules = rules.map((rule) => ({ rule, position: 0 }));
  }

  /** Adds one rule after the existing ones. */
  add(rule: FaultRule): void {
    this.#rules.push({ rule, position: 0 });
  }

  decide(route: RouteId | null, method: string): FaultDecision {
    let latencyMs = 0;
    let fault: FaultDecision["fault"] = null;
    for (const state of this.#rules) {
      const { rule } = state;
      const routes = asList(rule.route);
      if (routes && (route === null || !routes.includes(route))) continue;
      const methods = asList(rule.method);
      if (methods && !methods.map((m) => m.toUpperCase()).includes(method)) continue;
      let picked: Fault | null = null;
      if (rule.sequence) {
        picked = state.position < rule.sequence.length ? (rule.sequence[state.position] ?? null) : null;
        state.position++;
      } else if (rule.probability !== undefined) {
        const faults = asList(rule.faults) ?? [];
        if (faults.length > 0 && this.#random() < rule.probability) {
          picked = faults[Math.min(faults.length - 1, Math.floor(this.#random() * faults.length))] ?? null;
        }
      } else {
        // Neither: the rule always applies (its first fault).
        picked = asList(rule.faults)?.[0] ?? null;
      }
      if (!picked) continue;
      if (picked.kind === "latency") latencyMs += Math.max(0, picked.ms);
      else if (!fault) fault = picked;
    }
    return { latencyMs, fault };
  }
}
