import { cachedGroupMembers, isAllowed } from '../../../bot/services/authorizer';

describe('isAllowed', () => {
  it('allows listed users without asking for groups', async () => {
    const groups = jest.fn();
    await expect(isAllowed('U1', { users: ['U1'], userGroups: ['S1'] }, groups)).resolves.toBe(
      true,
    );
    expect(groups).not.toHaveBeenCalled();
  });

  it('allows members of a listed group, and nobody else', async () => {
    const groups = async (id: string) => (id === 'S1' ? ['U2'] : []);
    await expect(isAllowed('U2', { users: [], userGroups: ['S1'] }, groups)).resolves.toBe(true);
    await expect(isAllowed('U3', { users: ['U1'], userGroups: ['S1'] }, groups)).resolves.toBe(
      false,
    );
  });
});

describe('cachedGroupMembers', () => {
  it('asks once within the time to live, again after it, and never caches a failure', async () => {
    let now = 0;
    const lookup = jest
      .fn()
      .mockRejectedValueOnce(new Error('slack down'))
      .mockResolvedValue(['U1']);
    const members = cachedGroupMembers(lookup, () => now, 1000);
    await expect(members('S1')).rejects.toThrow('slack down');
    await expect(members('S1')).resolves.toEqual(['U1']);
    await members('S1');
    expect(lookup).toHaveBeenCalledTimes(2);
    now = 1001;
    await members('S1');
    expect(lookup).toHaveBeenCalledTimes(3);
  });
});
