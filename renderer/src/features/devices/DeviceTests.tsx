/**
 * The devices' tests on «Устройства»: a test read (watches the next scan event; an administrator
 * never receives a document's data) and a test label with its preview.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AppError } from '../../../../preload/contract';
import { api } from '../../api';
import { scanReasonText } from '../../i18n';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { subscribeScan } from '../../stores/devices';
import { svgSource } from '../applications/ApplicationLabel';
import { useDeviceView } from './device-state';

const previewLabel = () => api['devices.labelPreview']({});

type ReadTest = { kind: 'waiting' } | { kind: 'ok' } | { kind: 'failed'; code: string; message: string };

/** «Проверить считывание»: waits for the next scan event and says whether it read; takes nothing. */
export function ReaderTest() {
  const { t } = useTranslation();
  const view = useDeviceView('reader');
  const [test, setTest] = useState<ReadTest | null>(null);
  const waiting = test?.kind === 'waiting';
  const notConfigured = view?.status.state === 'not_configured';
  const hintId = useId();

  useEffect(() => {
    if (!waiting) return;
    return subscribeScan((event) => {
      setTest(event.ok ? { kind: 'ok' } : { kind: 'failed', code: event.error.code, message: event.error.message });
      return true;
    });
  }, [waiting]);

  return (
    <div className="device-test">
      <h3>{t('devices.readerTestTitle')}</h3>
      <div className="form-actions form-actions--start">
        <button
          type="button"
          className="button"
          disabled={waiting || notConfigured}
          aria-describedby={notConfigured ? hintId : undefined}
          onClick={() => setTest({ kind: 'waiting' })}
        >
          {t('devices.testRead')}
        </button>
        {waiting && (
          <button type="button" className="button button--quiet" onClick={() => setTest(null)}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      {notConfigured && (
        <p id={hintId} className="field__hint card__hint">
          {t('devices.readerTestNeedsPort')}
        </p>
      )}
      <div
        role="status"
        className={test?.kind === 'waiting' ? 'alert alert--info' : test?.kind === 'ok' ? 'alert alert--ok' : 'visually-empty'}
      >
        {test?.kind === 'waiting' && t('devices.testReadWaiting')}
        {test?.kind === 'ok' && t('devices.testReadOk')}
      </div>
      {test?.kind === 'failed' && (
        <div role="alert" className="alert alert--error">
          <p>{t('devices.testReadFailed')}</p>
          <p>{scanReasonText(test)}</p>
        </div>
      )}
    </div>
  );
}

type TestLabel = { jobId: string; printed: boolean };

/** The label's preview and «Напечатать тестовую этикетку»; a queued test label turns printed by event. */
export function PrinterTest() {
  const { t } = useTranslation();
  const preview = useFetch(previewLabel, 0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestLabel | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const waitingFor = result && !result.printed ? result.jobId : null;

  useEffect(() => {
    if (waitingFor === null) return;
    return api.on('labels.changed', (event) => {
      if (event.jobId === waitingFor && event.state === 'printed') setResult({ jobId: waitingFor, printed: true });
    });
  }, [waitingFor]);

  const print = async () => {
    setBusy(true);
    setResult(null);
    setError(null);
    const answer = await api['devices.testLabel']({});
    setBusy(false);
    if (answer.ok) setResult(answer.value);
    else setError(answer.error);
  };

  return (
    <div className="device-test">
      <h3>{t('devices.printerTestTitle')}</h3>
      <FormAlert error={preview.error} />
      {preview.data && <img className="label-preview" src={svgSource(preview.data.svg)} alt={t('devices.previewAlt')} />}
      <div className="form-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void print()}>
          {t('devices.testLabel')}
        </button>
      </div>
      <div
        role="status"
        className={busy || result?.printed === false ? 'alert alert--info' : result ? 'alert alert--ok' : 'visually-empty'}
      >
        {busy && t('devices.testLabelSending')}
        {!busy && result && t(result.printed ? 'devices.testLabelPrinted' : 'devices.testLabelQueued')}
      </div>
      <FormAlert error={error} />
    </div>
  );
}
