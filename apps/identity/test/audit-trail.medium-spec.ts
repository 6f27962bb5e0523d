/**
 * The audit trail against a real PostgreSQL: every state-changing request that
 * reaches a handler is kept (who, which route and record, the body without its
 * secrets, the outcome, from where), done or refused; reads are not. The table is
 * append-only, and the chain check names the first row someone edited behind the
 * trigger's back.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { MaintenanceModule } from '@apps/maintenance';
import { appUnderTest } from '../../../test/support/app-under-test';
import { IdentityModule } from '../src/identity.module';

const UNKNOWN_WORK_ORDER = '00000000-0000-4000-8000-000000000000';

describe('audit trail (real PostgreSQL)', () => {
  const rig = appUnderTest({ serviceName: 'audit-test', modules: [IdentityModule.register({ adminPassword: 'audit-admin-password' }), MaintenanceModule.register()], pg: true });

  it('keeps who did what to which record, done or refused, without secrets; reads are not kept', async () => {
    expect((await rig.app.request('POST', '/auth/users', { body: { username: 'sora', password: 'sora-password-1234', roles: ['maintenance'] } })).status).toBe(201);
    const login = await fetch(`${rig.app.httpUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sora', password: 'sora-password-1234' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const refused = await fetch(`${rig.app.httpUrl}/work-orders/${UNKNOWN_WORK_ORDER}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ status: 'scheduled', by: 'someone else' }),
    });
    expect(refused.status).toBe(404);
    await rig.app.request('GET', '/work-orders');

    const trail = (await rig.app.request('GET', '/auth/audit')).body;
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['POST /work-orders/:id/transitions', 'POST /auth/login', 'POST /auth/users']);
    const [transition, signIn, created] = trail.items;
    expect(created).toMatchObject({ seq: '1', actor: 'token:admin', actorKind: 'token', outcome: 'done', status: 201, path: '/auth/users', body: { username: 'sora', password: '[redacted]', roles: ['maintenance'] } });
    expect(signIn).toMatchObject({ actor: 'anonymous', outcome: 'done', body: { username: 'sora', password: '[redacted]' } });
    expect(transition).toMatchObject({ actor: 'sora', actorKind: 'session', roles: ['maintenance'], outcome: 'refused', error: 'WORK_ORDER_NOT_FOUND', path: `/work-orders/${UNKNOWN_WORK_ORDER}/transitions` });
    // the actor is the signed-in user, whatever the body said
    expect(transition.body.by).toBe('sora');
    expect(transition.ip).toMatch(/127\.0\.0\.1/);
    expect((await rig.app.request('GET', '/auth/audit?actor=sora')).body.items).toHaveLength(1);
    expect((await rig.app.request('GET', `/auth/audit?path=/work-orders/${UNKNOWN_WORK_ORDER}`)).body.total).toBe(1);
    expect((await rig.app.request('GET', '/auth/audit', { role: 'operator' })).status).toBe(403);
    expect((await rig.app.request('GET', '/auth/audit/verify')).body).toEqual({ ok: true, rows: 3, firstBroken: null });
  });

  it('chains past ten rows (seq is ordered as a number) and under concurrent actions', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => rig.app.request('PATCH', `/auth/users/nobody-${i}`, { body: { disabled: true } })));
    const verify = (await rig.app.request('GET', '/auth/audit/verify')).body;
    expect(verify).toEqual({ ok: true, rows: 15, firstBroken: null });
    expect((await rig.app.request('GET', '/auth/audit?pageSize=1')).body.items[0].seq).toBe('15');
  });

  it('is append-only, and the chain check names the row edited behind the trigger’s back', async () => {
    await expect(rig.pg.query(`UPDATE identity.audit_log SET actor = 'nobody' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(rig.pg.query(`DELETE FROM identity.audit_log WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await rig.pg.query(`ALTER TABLE identity.audit_log DISABLE TRIGGER audit_log_append_only`);
    await rig.pg.query(`UPDATE identity.audit_log SET actor = 'nobody' WHERE seq = 2`);
    await rig.pg.query(`ALTER TABLE identity.audit_log ENABLE TRIGGER audit_log_append_only`);
    const verify = (await rig.app.request('GET', '/auth/audit/verify')).body;
    expect(verify).toEqual({ ok: false, rows: 1, firstBroken: { seq: '2', reason: 'its content does not match its hash (edited)' } });
    // the command says the same, and fails
    const root = join(__dirname, '..', '..', '..');
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'apps/identity/scripts/verify-audit.ts')], { cwd: root, env: { ...process.env, DATABASE_URL: rig.db.url }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(verify);
  }, 60_000);
});
