/**
 * Architecture specs: a ViT / MoE-ViT described in one line instead of an ONNX file, so engineers can
 * recognise and estimate a model before they have it. `vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4`
 * (+ `experts=16,topk=4,moe-every=2`), or a named preset, optionally with overrides: `m3vit-t:topk=4`.
 * `archToGraph` (arch-graph.ts) turns a spec into the same Graph IR an imported model gives.
 */
import { inputError } from '../core/errors';

export interface ArchSpec {
  /** Preset name when built from one, else 'vit'. */
  base: string;
  imgH: number;
  imgW: number;
  patch: number;
  inChannels: number;
  dim: number;
  depth: number;
  heads: number;
  /** Dense MLP hidden size (dim × mlp ratio, or mlp-hidden). */
  mlpHidden: number;
  /** 0 = no classifier head (a backbone ending in the final LayerNorm, as Edge-MoE's M³ViT-T). */
  classes: number;
  /** 0 = no MoE blocks. */
  experts: number;
  topk: number;
  expertHidden: number;
  /** Encoder blocks whose MLP is a mixture of experts (0-based, ascending). */
  moeBlocks: number[];
  gelu: 'erf' | 'tanh';
  eps: number;
  /** Class token prepended to the patches (head reads it); without one the head mean-pools the tokens. */
  classToken: boolean;
}

const FIELDS = ['img', 'patch', 'dim', 'depth', 'heads', 'mlp', 'mlp-hidden', 'in-ch', 'classes', 'experts', 'topk',
  'expert-hidden', 'moe-every', 'moe-blocks', 'gelu', 'eps', 'class-token'] as const;
type Field = (typeof FIELDS)[number];

/** Named presets, written in the spec language itself so they are parsed and checked like user input. */
export const PRESETS: Record<string, { spec: string; about: string }> = {
  'm3vit-t': {
    spec: 'img=128x256,patch=16,dim=192,depth=12,heads=3,mlp-hidden=768,classes=0,experts=16,topk=2,expert-hidden=384,moe-every=2',
    about: 'M³ViT-T as Edge-MoE implements it: 3×128×256, 12 blocks of dim 192 / 3 heads, MoE (16 experts, top-2, hidden 384) in odd blocks, backbone output',
  },
  'vit-tiny': { spec: 'img=224,patch=16,dim=192,depth=12,heads=3,mlp=4,classes=1000', about: 'ViT-Ti/16 (DeiT-Tiny), 224×224, 1000 classes' },
  'vit-small': { spec: 'img=224,patch=16,dim=384,depth=12,heads=6,mlp=4,classes=1000', about: 'ViT-S/16, 224×224, 1000 classes' },
  'vit-base': { spec: 'img=224,patch=16,dim=768,depth=12,heads=12,mlp=4,classes=1000', about: 'ViT-B/16, 224×224, 1000 classes' },
};

const DEFAULTS: Record<string, string> = { 'in-ch': '3', classes: '1000', mlp: '4', gelu: 'erf', eps: '1e-6', 'class-token': '1' };

/** Parse `vit:k=v,…`, `k=v,…`, `PRESET` or `PRESET:k=v,…`. Throws E_INPUT naming the bad field. */
export function parseArchSpec(text: string): ArchSpec {
  const src = text.trim();
  if (!src) throw inputError('empty architecture spec; expected e.g. vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4');
  let head = 'vit';
  let body = src;
  const colon = src.indexOf(':');
  if (colon >= 0) {
    head = src.slice(0, colon).trim().toLowerCase();
    body = src.slice(colon + 1);
  } else if (!src.includes('=')) {
    head = src.toLowerCase();
    body = '';
  }
  const fields = new Map<Field, string>();
  if (head !== 'vit') {
    const preset = PRESETS[head];
    if (!preset) {
      throw inputError(`unknown architecture '${head}'; expected 'vit' or a preset: ${Object.keys(PRESETS).join(', ')}`, { field: 'arch' });
    }
    for (const [k, v] of splitFields(preset.spec)) fields.set(k, v);
  }
  for (const [k, v] of splitFields(body)) fields.set(k, v);
  return buildSpec(head, fields);
}

/** A preset by name (`--preset NAME`). */
export function presetSpec(name: string): ArchSpec {
  const key = name.trim().toLowerCase();
  if (!PRESETS[key]) throw inputError(`unknown preset '${name}'; known presets: ${Object.keys(PRESETS).join(', ')}`, { field: 'preset' });
  return parseArchSpec(key);
}

/** The canonical one-line form of a spec (round-trips through parseArchSpec). */
export function formatArchSpec(s: ArchSpec): string {
  const parts = [
    `img=${s.imgH === s.imgW ? s.imgH : `${s.imgH}x${s.imgW}`}`, `patch=${s.patch}`, `in-ch=${s.inChannels}`, `dim=${s.dim}`,
    `depth=${s.depth}`, `heads=${s.heads}`, `mlp-hidden=${s.mlpHidden}`, `classes=${s.classes}`,
  ];
  if (s.experts > 0) parts.push(`experts=${s.experts}`, `topk=${s.topk}`, `expert-hidden=${s.expertHidden}`, `moe-blocks=${s.moeBlocks.join('/')}`);
  if (s.gelu !== 'erf') parts.push(`gelu=${s.gelu}`);
  if (s.eps !== 1e-6) parts.push(`eps=${s.eps}`);
  if (!s.classToken) parts.push('class-token=0');
  return `vit:${parts.join(',')}`;
}

function splitFields(body: string): Array<[Field, string]> {
  const out: Array<[Field, string]> = [];
  for (const raw of body.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    // `moe-blocks=1,3,5`: the list's later numbers arrive as their own comma-separated items.
    const last = out[out.length - 1];
    if (eq < 0 && /^\d+$/.test(item) && last?.[0] === 'moe-blocks') {
      last[1] += `/${item}`;
      continue;
    }
    if (eq < 0) throw inputError(`'${item}' is not FIELD=VALUE`, { field: item });
    const key = item.slice(0, eq).trim().toLowerCase();
    const value = item.slice(eq + 1).trim();
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw inputError(`unknown field '${key}'; known fields: ${FIELDS.join(', ')}`, { field: key });
    }
    if (!value) throw inputError(`field '${key}' has no value`, { field: key });
    out.push([key as Field, value]);
  }
  return out;
}

function int(fields: Map<Field, string>, key: Field, min: number): number | undefined {
  const v = fields.get(key) ?? DEFAULTS[key];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw inputError(`field '${key}' must be a whole number, got '${v}'`, { field: key });
  const n = Number(v);
  if (n < min) throw inputError(`field '${key}' must be at least ${min}, got ${n}`, { field: key });
  return n;
}

function need(fields: Map<Field, string>, key: Field, min = 1): number {
  const n = int(fields, key, min);
  if (n === undefined) throw inputError(`missing field '${key}'`, { field: key });
  return n;
}

function buildSpec(base: string, f: Map<Field, string>): ArchSpec {
  const imgText = f.get('img');
  if (!imgText) throw inputError(`missing field 'img'`, { field: 'img' });
  const m = /^(\d+)(?:x(\d+))?$/i.exec(imgText);
  if (!m) throw inputError(`field 'img' must be SIZE or HxW (e.g. 224 or 128x256), got '${imgText}'`, { field: 'img' });
  const imgH = Number(m[1]);
  const imgW = Number(m[2] ?? m[1]);
  const patch = need(f, 'patch');
  if (imgH === 0 || imgW === 0) throw inputError(`field 'img' must be positive, got '${imgText}'`, { field: 'img' });
  if (imgH % patch || imgW % patch) throw inputError(`image ${imgH}x${imgW} is not divisible by patch ${patch}`, { field: 'patch' });
  const inChannels = need(f, 'in-ch');
  const dim = need(f, 'dim');
  const depth = need(f, 'depth');
  const heads = need(f, 'heads');
  if (dim % heads) throw inputError(`dim ${dim} is not divisible by heads ${heads}`, { field: 'heads' });
  let mlpHidden: number;
  if (f.has('mlp-hidden')) mlpHidden = need(f, 'mlp-hidden');
  else {
    const r = f.get('mlp') ?? DEFAULTS.mlp;
    const ratio = Number(r);
    if (!/^\d+(\.\d+)?$/.test(r) || !(ratio > 0)) throw inputError(`field 'mlp' must be a positive ratio (e.g. 4), got '${r}'`, { field: 'mlp' });
    mlpHidden = dim * ratio;
    if (!Number.isInteger(mlpHidden)) throw inputError(`mlp ratio ${r} × dim ${dim} is not a whole hidden size`, { field: 'mlp' });
  }
  const classes = int(f, 'classes', 0)!;
  const experts = int(f, 'experts', 1) ?? 0;
  const moeFields: Field[] = ['topk', 'expert-hidden', 'moe-every', 'moe-blocks'];
  if (!experts) {
    const stray = moeFields.find((k) => f.has(k));
    if (stray) throw inputError(`field '${stray}' needs 'experts'`, { field: stray });
  }
  let topk = 0;
  let expertHidden = 0;
  let moeBlocks: number[] = [];
  if (experts) {
    topk = int(f, 'topk', 1) ?? 2;
    if (topk > experts) throw inputError(`topk ${topk} exceeds experts ${experts}`, { field: 'topk' });
    expertHidden = int(f, 'expert-hidden', 1) ?? mlpHidden;
    if (f.has('moe-every') && f.has('moe-blocks')) throw inputError(`give either 'moe-every' or 'moe-blocks', not both`, { field: 'moe-blocks' });
    if (f.has('moe-blocks')) {
      const list = f.get('moe-blocks')!.split(/[/;| ]+/).filter(Boolean);
      moeBlocks = list.map((s) => {
        if (!/^\d+$/.test(s)) throw inputError(`field 'moe-blocks' must list block numbers (e.g. 1/3/5), got '${s}'`, { field: 'moe-blocks' });
        const b = Number(s);
        if (b >= depth) throw inputError(`moe block ${b} is outside 0..${depth - 1}`, { field: 'moe-blocks' });
        return b;
      });
      moeBlocks = [...new Set(moeBlocks)].sort((a, b) => a - b);
    } else {
      // moe-every=N: blocks N-1, 2N-1, … (N=2: the odd blocks 1, 3, 5, … as in M³ViT); default 2.
      const every = int(f, 'moe-every', 1) ?? 2;
      for (let b = every - 1; b < depth; b += every) moeBlocks.push(b);
    }
    if (!moeBlocks.length) throw inputError(`no block holds experts (depth ${depth})`, { field: 'moe-every' });
  }
  const gelu = (f.get('gelu') ?? DEFAULTS.gelu).toLowerCase();
  if (gelu !== 'erf' && gelu !== 'tanh') throw inputError(`field 'gelu' must be erf or tanh, got '${gelu}'`, { field: 'gelu' });
  const epsText = f.get('eps') ?? DEFAULTS.eps;
  const eps = Number(epsText);
  if (!(eps > 0) || !Number.isFinite(eps)) throw inputError(`field 'eps' must be a positive number, got '${epsText}'`, { field: 'eps' });
  const ct = f.get('class-token') ?? DEFAULTS['class-token'];
  if (ct !== '0' && ct !== '1') throw inputError(`field 'class-token' must be 0 or 1, got '${ct}'`, { field: 'class-token' });
  return { base, imgH, imgW, patch, inChannels, dim, depth, heads, mlpHidden, classes, experts, topk, expertHidden, moeBlocks, gelu, eps, classToken: ct === '1' };
}
