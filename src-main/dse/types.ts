/**
 * A scored design point, declared once for dse/ and the API contract. Types only, importing nothing that
 * reaches Node (the renderer type-checks the contract without @types/node).
 */
import type { Tiles } from '../plan/plan';
import type { Scored } from './pareto';

export interface DseResult extends Scored {
  /** Every number here is an estimate (the UI labels DSE points so). */
  source: 'estimate';
  index: number;
  tiles: Tiles;
  precision: string;
  clockMHz: number;
  weightBram: number;
  ff: number;
  uram: number;
  gops: number;
  /** Highest utilisation over the resources (fraction of capacity). */
  maxUtilisation: number;
  fits: boolean;
  feasible: boolean;
  /** Why an infeasible point is infeasible (first reason). */
  reason?: string;
}
