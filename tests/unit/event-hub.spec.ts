import { EventHub, type PublishedEvent } from '../../api/src/events/event-hub';
import { Topic } from '../../api/src/events/topics';

const event = (id: string, payload: Record<string, unknown>, topic: string = Topic.ChatChanged): PublishedEvent => ({ id, topic, payload });

describe('EventHub', () => {
  it('hands a keyed listener only the events whose payload holds its value, and an unkeyed one every event of its topic', () => {
    const hub = new EventHub();
    const heard: Record<string, string[]> = { all: [], ana: [], ben: [], chat1: [], other: [] };
    hub.on(Topic.ChatChanged, (e) => heard.all!.push(e.id));
    hub.on(Topic.ChatChanged, (e) => heard.ana!.push(e.id), { field: 'customerId', value: 'ana' });
    hub.on(Topic.ChatChanged, (e) => heard.ben!.push(e.id), { field: 'customerId', value: 'ben' });
    hub.on(Topic.ChatChanged, (e) => heard.chat1!.push(e.id), { field: 'conversationId', value: 'c1' });
    hub.on(Topic.OrderChanged, (e) => heard.other!.push(e.id), { field: 'customerId', value: 'ana' });
    hub.publish(event('1', { customerId: 'ana', conversationId: 'c1' }));
    hub.publish(event('2', { customerId: 'ben', conversationId: 'c2' }));
    hub.publish(event('3', { customerId: null, conversationId: 7 }));
    hub.publish(event('4', { customerId: 'ana' }, Topic.OrderChanged));
    expect(heard).toEqual({ all: ['1', '2', '3'], ana: ['1'], ben: ['2'], chat1: ['1'], other: ['4'] });
  });

  it('stops calling a listener once unsubscribed (twice is harmless) and counts the listeners attached now and since boot', () => {
    const hub = new EventHub();
    const heard: string[] = [];
    const off = hub.on(Topic.ChatChanged, (e) => heard.push(e.id), { field: 'customerId', value: 'ana' });
    const offAll = hub.on(Topic.ChatChanged, () => undefined);
    expect([hub.listening, hub.attached]).toEqual([2, 2]);
    off();
    off();
    hub.publish(event('1', { customerId: 'ana' }));
    expect(heard).toEqual([]);
    expect([hub.listening, hub.attached]).toEqual([1, 2]);
    offAll();
    expect(hub.listening).toBe(0);
    hub.on(Topic.ChatChanged, (e) => heard.push(e.id), { field: 'customerId', value: 'ana' });
    hub.publish(event('2', { customerId: 'ana' }));
    expect(heard).toEqual(['2']);
  });

  it('keeps a value\'s newer listeners when an older one of an emptied set unsubscribes late', () => {
    const hub = new EventHub();
    const heard: string[] = [];
    const key = { field: 'userId', value: 'ben' };
    const first = hub.on(Topic.NotificationCreated, () => heard.push('first'), key);
    const second = hub.on(Topic.NotificationCreated, () => heard.push('second'), key);
    first();
    second();
    hub.on(Topic.NotificationCreated, () => heard.push('third'), key);
    // A late repeat of an old unsubscribe must not drop the set that now holds "third".
    second();
    first();
    hub.publish(event('1', { userId: 'ben' }, Topic.NotificationCreated));
    expect(heard).toEqual(['third']);
  });
});
