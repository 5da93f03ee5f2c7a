import type { ApiEvents, EventName } from './contract';

type Listener = (event: EventName, data: unknown) => void;

/** Server-side fan-out of API events to every connected transport client. */
export class EventBus {
  private listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, data: ApiEvents[E]): void {
    for (const l of this.listeners) {
      try { l(event, data); } catch { /* a broken client must not break the others */ }
    }
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
