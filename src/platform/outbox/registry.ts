import type { AppContext } from '../../context.ts';

/** A message as a handler receives it. */
export interface OutboxMessage {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /**
   * `<message id>:<handler name>`: the same for every attempt of this handler on this message. A
   * handler that talks to an outside system passes it along (an idempotency key) so that a crash
   * after the outside call but before the delivery is recorded does not act twice there.
   */
  deliveryKey: string;
}

export type OutboxHandler = (message: OutboxMessage, ctx: AppContext) => Promise<void>;

/** Handlers by topic, each under a name unique for its topic (the name is part of the delivery record). */
export class OutboxRegistry {
  private readonly byTopic = new Map<string, Map<string, OutboxHandler>>();

  register(topic: string, name: string, handler: OutboxHandler): void {
    if (!/^[a-z0-9_.-]{1,100}$/.test(name)) throw new Error(`outbox handler name ${JSON.stringify(name)}: a–z, 0–9, . _ - only`);
    const handlers = this.byTopic.get(topic) ?? new Map<string, OutboxHandler>();
    if (handlers.has(name)) throw new Error(`outbox handler ${name} is already registered for ${topic}`);
    handlers.set(name, handler);
    this.byTopic.set(topic, handlers);
  }

  handlers(topic: string): Array<[string, OutboxHandler]> {
    return [...(this.byTopic.get(topic) ?? new Map<string, OutboxHandler>())];
  }

  topics(): string[] {
    return [...this.byTopic.keys()].filter((t) => this.byTopic.get(t)!.size > 0);
  }
}

/** The process's registry: modules register their handlers here at start-up. */
export const outboxHandlers = new OutboxRegistry();

export function registerOutboxHandler(topic: string, name: string, handler: OutboxHandler, registry: OutboxRegistry = outboxHandlers): void {
  registry.register(topic, name, handler);
}
