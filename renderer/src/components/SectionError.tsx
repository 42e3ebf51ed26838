// What stands in a section's place when it cannot be shown: its document breaks the document rules
// (DocConnection's `damaged`), or showing it failed anyway (SectionErrorBoundary). Only that section
// is replaced; the navigator, the overview and every other section keep working.
import { Component, type ErrorInfo, type ReactNode } from 'react';

export function SectionError({ reason }: { reason: string }) {
  return (
    <div className="section-error" role="alert" data-testid="section-error">
      <h2>Afsnittet kan ikke vises</h2>
      <p>{reason}</p>
      <p className="muted">
        Resten af aftalen kan bruges som normalt. Intet er slettet: afsnittet er gemt, som det er, og sekretariatet kan få det
        undersøgt.
      </p>
    </div>
  );
}

interface BoundaryState {
  error: Error | null;
}

/** Catches what goes wrong while rendering a section (or in its effects) and shows SectionError. */
export class SectionErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Afsnittet kunne ikke vises', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      const detail = this.state.error instanceof RangeError ? 'Afsnittet er bygget for dybt til at blive vist.' : 'Der opstod en fejl, da afsnittet skulle vises.';
      return <SectionError reason={detail} />;
    }
    return this.props.children;
  }
}
