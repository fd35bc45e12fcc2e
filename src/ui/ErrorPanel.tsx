import { Component, type ReactNode } from 'react';

export function ErrorPanel({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  return (
    <div className="error-panel" role="alert" data-testid="error">
      <strong>{title}</strong>
      <p className="error-message">{message}</p>
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/** Last line of defence: a render error shows a message and a Retry instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <main className="app">
          <ErrorPanel
            title="Something went wrong while drawing the page."
            message={this.state.error.message}
            onRetry={() => window.location.reload()}
          />
        </main>
      );
    }
    return this.props.children;
  }
}

/**
 * A part of the page that fails to draw shows its own message and Retry (drawing it again), and the
 * rest of the page stays: one odd field of a set from disk never blanks the demo.
 */
export class SectionBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <ErrorPanel
          title={`Something went wrong while drawing ${this.props.name}.`}
          message={this.state.error.message}
          onRetry={() => this.setState({ error: null })}
        />
      );
    }
    return this.props.children;
  }
}
