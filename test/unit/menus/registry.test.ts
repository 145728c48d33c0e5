import { describe, expect, it, vi } from 'vitest';
import { menuItems } from '@/lib/menus/items';
import {
  assertUniqueIds,
  createMenuDispatcher,
  createMenuItems,
  defineMenuItem,
  type MenuClickInfo,
  type MenusApi,
} from '@/lib/menus/registry';

function fakeMenus() {
  const calls: string[] = [];
  const created: { id: string; title: string; contexts: string[] }[] = [];
  const api: MenusApi = {
    removeAll: vi.fn(async () => {
      calls.push('removeAll');
      created.length = 0;
    }),
    create: vi.fn((props) => {
      calls.push(`create ${props.id}`);
      created.push(props);
      return props.id;
    }),
    onClicked: { addListener: vi.fn() },
  };
  return { api, calls, created };
}

const noop = () => {};

describe('context-menu registry', () => {
  it('clears the old items before creating each item once, in order, with its title and contexts', async () => {
    const { api, calls, created } = fakeMenus();
    const items = [
      defineMenuItem({ id: 'a', title: 'First', contexts: ['selection'], onClick: noop }),
      defineMenuItem({ id: 'b', title: 'Second', contexts: ['editable', 'page'], onClick: noop }),
    ];
    await createMenuItems(api, items);
    expect(calls).toEqual(['removeAll', 'create a', 'create b']);
    // Created twice (an update after install): still one of each, which Chrome requires.
    await createMenuItems(api, items);
    expect(created).toEqual([
      { id: 'a', title: 'First', contexts: ['selection'] },
      { id: 'b', title: 'Second', contexts: ['editable', 'page'] },
    ]);
  });

  it('dispatches a click to the item with that id only, with the info and tab Chrome passed', async () => {
    const a = vi.fn();
    const b = vi.fn();
    const dispatch = createMenuDispatcher([
      defineMenuItem({ id: 'a', title: 'A', contexts: ['selection'], onClick: a }),
      defineMenuItem({ id: 'b', title: 'B', contexts: ['selection'], onClick: b }),
    ]);
    const info: MenuClickInfo = { menuItemId: 'b', selectionText: 'x', pageUrl: 'https://example.com/' };
    expect(await dispatch(info, { id: 7 })).toBe(true);
    expect(b).toHaveBeenCalledWith(info, { id: 7 });
    expect(a).not.toHaveBeenCalled();
  });

  it('ignores an id it does not know (an item an update removed)', async () => {
    const a = vi.fn();
    const dispatch = createMenuDispatcher([
      defineMenuItem({ id: 'a', title: 'A', contexts: ['page'], onClick: a }),
    ]);
    expect(await dispatch({ menuItemId: 'gone' }, undefined)).toBe(false);
    expect(a).not.toHaveBeenCalled();
  });

  it('a failing item is logged by its id and error class only, never with the selection', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(noop);
    const dispatch = createMenuDispatcher([
      defineMenuItem({
        id: 'boom',
        title: 'Boom',
        contexts: ['selection'],
        onClick: () => {
          throw new TypeError('VENICE_INFERENCE_KEY_secret-in-the-message');
        },
      }),
    ]);
    expect(
      await dispatch({ menuItemId: 'boom', selectionText: 'VENICE_INFERENCE_KEY_selected' }, undefined),
    ).toBe(true);
    expect(error).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(error.mock.calls);
    expect(logged).toContain('boom');
    expect(logged).toContain('TypeError');
    expect(logged).not.toContain('VENICE_');
  });

  it('refuses two items with one id', () => {
    const item = defineMenuItem({ id: 'same', title: 'X', contexts: ['page'], onClick: noop });
    expect(() => assertUniqueIds([item, { ...item, title: 'Y' }])).toThrow(
      'Two context-menu items share the id "same"',
    );
  });

  it('the extension’s own list has unique ids and a title and context on every item', () => {
    expect(() => assertUniqueIds(menuItems)).not.toThrow();
    for (const item of menuItems) {
      expect(item.title.trim()).not.toBe('');
      expect(item.contexts.length).toBeGreaterThan(0);
    }
  });
});
