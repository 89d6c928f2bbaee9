import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** What the person was looking at, for the message ("this page", "this answer"). */
  what?: string;
  /** A failed boundary shows its children again when this changes (the path: navigating away recovers). */
  resetKey?: string;
}

interface State {
  failed: boolean;
}

/**
 * A render that throws (a bug, a chunk that failed to load while offline) would otherwise unmount the whole app and
 * leave a blank page. This keeps the rest of the app on screen and says plainly what happened, with a way out; the
 * error itself goes to the console for whoever debugs it, never onto the page.
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidUpdate(previous: Props): void {
    // Not a React key: remounting on every path change would restart pages that keep state across their own routes
    // (an answer streaming on while its new conversation's address replaces the chat's).
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn("Planck: a part of the page failed to render", error, info.componentStack);
  }

  render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="error-notice" role="alert">
        <span>Something went wrong while showing {this.props.what ?? "this page"}. Try again, or reload the page.</span>
        <span className="error-actions">
          <button type="button" onClick={() => this.setState({ failed: false })}>
            Try again
          </button>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </span>
      </div>
    );
  }
}
