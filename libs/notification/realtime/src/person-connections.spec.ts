import type { RealtimeSocket } from './realtime-socket.types.js';
import { PersonConnections } from './person-connections.js';

const socket = (orgId: string, principalId: string) => ({ data: { identity: { orgId, principalId, scopes: [] } } }) as unknown as RealtimeSocket;

describe(PersonConnections.name, () => {
  it('finds the open sockets of one person only, until they close', () => {
    const connections = new PersonConnections();
    const first = socket('org-a', 'user-1');
    const second = socket('org-a', 'user-1');
    const colleague = socket('org-a', 'user-2');
    const sameNameElsewhere = socket('org-b', 'user-1');
    for (const open of [first, second, colleague, sameNameElsewhere]) connections.add(open);
    expect(connections.of({ orgId: 'org-a', principalId: 'user-1' })).toEqual([first, second]);
    connections.remove(first);
    expect(connections.of({ orgId: 'org-a', principalId: 'user-1' })).toEqual([second]);
    connections.remove(second);
    connections.remove(second);
    expect(connections.of({ orgId: 'org-a', principalId: 'user-1' })).toEqual([]);
    expect(connections.of({ orgId: 'org-b', principalId: 'user-1' })).toEqual([sameNameElsewhere]);
  });
});
