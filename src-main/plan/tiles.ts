/** Tile (parallelism) factors: parsing `--tiles in=32,out=16,heads=1,keys=8[,dim=16]` and checks. */
import { inputError } from '../core/errors';
import type { Tiles } from './plan';

export const DEFAULT_TILES: Tiles = { linearIn: 16, linearOut: 16, attnHeads: 1, attnKeys: 4 };

const KEYS: Record<string, keyof Tiles> = {
  in: 'linearIn', 'linear-in': 'linearIn', linearin: 'linearIn',
  out: 'linearOut', 'linear-out': 'linearOut', linearout: 'linearOut',
  heads: 'attnHeads', 'attn-heads': 'attnHeads',
  keys: 'attnKeys', 'attn-keys': 'attnKeys',
  dim: 'attnDim', 'attn-dim': 'attnDim',
};

export function parseTiles(text: string | undefined, base: Tiles = DEFAULT_TILES): Tiles {
  const out: Tiles = { ...base };
  if (!text || !text.trim()) return out;
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq < 0) throw inputError(`'${item}' is not KEY=N; keys: in, out, heads, keys, dim`, { field: 'tiles' });
    const key = KEYS[item.slice(0, eq).trim().toLowerCase()];
    if (!key) throw inputError(`unknown tile '${item.slice(0, eq)}'; keys: in, out, heads, keys, dim`, { field: 'tiles' });
    const v = item.slice(eq + 1).trim();
    if (!/^\d+$/.test(v) || Number(v) < (key === 'attnDim' ? 0 : 1) || Number(v) > 4096) {
      throw inputError(`tile '${item.slice(0, eq)}' must be a whole number 1..4096, got '${v}'`, { field: `tiles.${item.slice(0, eq)}` });
    }
    out[key] = Number(v);
  }
  return out;
}

export const formatTiles = (t: Tiles): string => `in=${t.linearIn},out=${t.linearOut},heads=${t.attnHeads},keys=${t.attnKeys}${t.attnDim ? `,dim=${t.attnDim}` : ''}`;
