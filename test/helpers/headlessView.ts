// An editor without a DOM for Node tests: ySyncPlugin needs a view, but only its `state`, `dispatch`
// and `hasFocus`. HeadlessView provides those and runs the plugins' view hooks the way
// prosemirror-view's EditorView does.
import type { EditorState, Plugin, PluginView, Transaction } from 'prosemirror-state';

export class HeadlessView {
  state: EditorState;
  private readonly pluginViews: PluginView[] = [];

  constructor(state: EditorState) {
    this.state = state;
    for (const plugin of state.plugins as Plugin[]) {
      const make = plugin.spec.view;
      if (make) this.pluginViews.push(make(this as never));
    }
  }

  dispatch = (tr: Transaction): void => {
    const previous = this.state;
    this.state = this.state.apply(tr);
    for (const pluginView of this.pluginViews) pluginView.update?.(this as never, previous);
  };

  hasFocus(): boolean {
    return false;
  }

  destroy(): void {
    for (const pluginView of this.pluginViews) pluginView.destroy?.();
  }
}
