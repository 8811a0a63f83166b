/**
 * Screens whose code is a separate chunk, loaded with import() the first time one is shown (or
 * ahead, with `preload()`), so the first screen does not carry them. Until the chunk is there the
 * nearest Suspense boundary shows its fallback; once it is, the screen renders at once. A chunk
 * that cannot be loaded (the files were replaced by a new build under a running window) shows
 * «could not load» with a reload instead of an empty window.
 */
import { Component, lazy, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type LazyScreen<P extends object> = ComponentType<P> & { preload: () => Promise<unknown> };

/** A screen's code did not load. */
class ScreenLoadError extends Error {
  constructor(cause: unknown) {
    super('A screen of the interface could not be loaded', { cause });
    this.name = 'ScreenLoadError';
  }
}

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  let loaded: ComponentType<P> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null;
        throw new ScreenLoadError(error);
      },
    ));
  const Pending = lazy(async () => ({ default: await preload() }));
  const Screen = (props: P) => {
    const Loaded = loaded ?? Pending;
    return <Loaded {...props} />;
  };
  return Object.assign(Screen, { preload });
}

function LoadFailed() {
  const { t } = useTranslation();
  return (
    <div role="alert" className="alert alert--error">
      <p>{t('app.screenLoadFailed')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

/** Shows «could not load» for a screen whose chunk failed; any other error goes on up as before. */
export class ScreenLoadBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof ScreenLoadError) return <LoadFailed />;
    throw error;
  }
}
