/**
 * Deployment Plan: the single input of estimate/, codegen/ and dse/. Pure data, JSON-serialisable,
 * hashable (same plan → same bytes → same figures).
 */

/** ap_fixed<W, I> (signed) or ap_ufixed<W, I> (signed = false). */
export interface FixedType {
  w: number;
  i: number;
  signed: boolean;
}

export type KernelKind =
  | 'patch-embed'
  | 'layernorm'
  | 'linear' // the one unified linear compute unit: QKV, projection, MLP fc1/fc2, experts, head
  | 'attention' // reordered attention core (QK^T, online softmax, AV) on the heads
  | 'gelu'
  | 'residual'
  | 'moe-gate' // gate linear + softmax + top-k
  | 'moe-dispatch' // expert-by-expert patch reordering and weighted combine
  | 'head';

export interface KernelInstance {
  id: string; // unique, sanitised identifier (C++/TCL/path safe)
  kind: KernelKind;
  layer: string; // Layer.name it implements
  block: number; // encoder block, -1 outside blocks
  /** Problem size. Linear: rows = tokens, in = K, out = N. Attention: tokens, heads, headDim. */
  shape: {
    tokens: number;
    in?: number;
    out?: number;
    heads?: number;
    headDim?: number;
    experts?: number;
    topk?: number;
    hidden?: number;
    patch?: number;
    channels?: number;
    /** MoE experts: token-rows routed to all experts together per inference (tokens × topk). */
    routed?: number;
  };
  /** How many times it runs per inference (e.g. an expert's linear runs for the tokens routed to it). */
  repeats: number;
  precision: { in: FixedType; out: FixedType; weight?: FixedType; acc?: FixedType };
  /** Weights (element count over all repeats, biases included) this kernel uses per inference, and where they live. */
  weights: { count: number; placement: 'bram' | 'uram' | 'ddr' };
  /** Hardware unit that executes it; kernels naming the same unit share that hardware (time-multiplexed). */
  unit?: string;
  /** Id of the kernel whose output stage performs this one (no cycles of its own, e.g. GELU after fc1). */
  fusedInto?: string;
  /** Initializers this kernel reads, by role (from Layer.weights: qkv_w, fc1_b, e3_fc1_w, gamma, …). */
  weightTensors?: Record<string, string>;
}

export interface Tiles {
  /** Linear unit: input-dim tile (parallel MACs along K) and output-dim tile (parallel outputs along N). */
  linearIn: number;
  linearOut: number;
  /** Attention: parallel heads and parallel key positions. */
  attnHeads: number;
  attnKeys: number;
  /** Attention: parallel multiplies along the head dimension per (head, key) lane; absent or 0 = the whole head. */
  attnDim?: number;
}

export interface PrecisionPlan {
  activation: FixedType;
  weight: FixedType;
  bias: FixedType;
  accumulator: FixedType;
  norm: FixedType;
  softmax: FixedType;
  /** Per-tensor overrides by tensor / layer name. */
  overrides: Record<string, FixedType>;
}

export interface Plan {
  version: 1;
  model: { name: string; hash: string; kind: 'vit' | 'moe-vit' | 'unknown' };
  board: string; // boards/<board>.json id
  part: string;
  clockMHz: number;
  precision: PrecisionPlan;
  tiles: Tiles;
  kernels: KernelInstance[];
  /** Decisions the plan made and why (shown with estimates; codegen may echo them in comments). */
  notes?: string[];
}

export const fixedName = (t: FixedType): string => `${t.signed ? 'ap_fixed' : 'ap_ufixed'}<${t.w}, ${t.i}>`;
