/**
 * Tells the main process the clerk is active (keys, mouse, wheel) at most once every 30 s,
 * so the idle lock measures the clerk's real inactivity, not the lack of calls.
 */
import { useEffect } from 'react';
import { api } from '../../api';
import { useSession } from '../../stores/session';

export const HEARTBEAT_INTERVAL_MS = 30_000;

const activityEvents = ['keydown', 'mousedown', 'pointermove', 'wheel'] as const;

export function useActivityHeartbeat(): void {
  useEffect(() => {
    let last = Date.now();
    const onActivity = () => {
      if (useSession.getState().session?.state !== 'active') return;
      const now = Date.now();
      if (now - last < HEARTBEAT_INTERVAL_MS) return;
      last = now;
      void api['auth.heartbeat']({});
    };
    for (const type of activityEvents) window.addEventListener(type, onActivity, { capture: true, passive: true });
    return () => {
      for (const type of activityEvents) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, []);
}
