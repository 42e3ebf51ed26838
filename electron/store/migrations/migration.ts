import type { Database } from 'better-sqlite3';

/** A schema step. Never edit one that has shipped: add a new file with a higher number. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
