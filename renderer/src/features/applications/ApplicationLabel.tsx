/**
 * «Этикетка» of a signed application: the label's preview, its print jobs (the first one queued
 * when the application was signed, reprints on request) and «Напечатать этикетку ещё раз». The
 * block follows `labels.changed` for this application; it never polls.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, ApplicationLabel as Label } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { messageOf, useDeviceView } from '../devices/device-state';
import { formatDateTime } from './format';

/** The preview as an image (an SVG string made by main): never injected as markup. */
export function svgSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function ApplicationLabel({ id, journalNo }: { id: string; journalNo: string }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState<Label | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [printError, setPrintError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const printer = useDeviceView('printer');
  /** Why labels are waiting, when the printer says (paper out, head open, unplugged…). */
  const printerProblem = printer ? messageOf(printer.status) : null;

  useEffect(() => {
    let live = true;
    void api['applications.label']({ id }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setLabel(result.value);
        setLoadError(null);
      } else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, [id, version]);

  useEffect(
    () =>
      api.on('labels.changed', (event) => {
        if (event.applicationId === id) setVersion((v) => v + 1);
      }),
    [id],
  );

  const reprint = async () => {
    setBusy(true);
    setPrintError(null);
    const result = await api['applications.printLabel']({ id });
    setBusy(false);
    if (result.ok) setLabel(result.value);
    else setPrintError(result.error);
  };

  const hintId = `label-${id}-hint`;

  return (
    <section className="card label-block" aria-labelledby={`label-${id}-title`}>
      <h2 id={`label-${id}-title`}>{t('label.title')}</h2>
      <FormAlert error={loadError} />
      {label ? (
        <div className="label-block__body">
          <img className="label-preview" src={svgSource(label.svg)} alt={t('label.previewAlt', { journalNo })} />
          <div className="label-block__side">
            {label.jobs.length === 0 ? (
              <p className="muted">{t('label.noJobs')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table table--dense">
                  <caption className="visually-hidden">{t('label.jobsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('label.columns.kind')}</th>
                      <th scope="col">{t('label.columns.state')}</th>
                      <th scope="col">{t('label.columns.queuedAt')}</th>
                      <th scope="col">{t('label.columns.printedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {label.jobs.map((job) => (
                      <tr key={job.id}>
                        <td>{t(`label.kinds.${job.kind}`)}</td>
                        <td>
                          <span className={`badge badge--job-${job.state}`}>{t(`label.states.${job.state}`)}</span>
                        </td>
                        <td className="nowrap">{formatDateTime(job.queuedAt)}</td>
                        <td className="nowrap">{job.printedAt ? formatDateTime(job.printedAt) : t('common.dash')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {!label.printerConfigured && (
              <p id={hintId} className="alert alert--info">
                {t('label.noPrinter')}
              </p>
            )}
            {label.printerConfigured && printerProblem && label.jobs.some((job) => job.state === 'queued') && (
              <p className="alert alert--info">{t('label.printerProblem', { message: printerProblem })}</p>
            )}
            <div className="form-actions">
              <button
                type="button"
                className="button"
                disabled={busy || !label.printerConfigured}
                aria-describedby={label.printerConfigured ? undefined : hintId}
                onClick={() => void reprint()}
              >
                {t('label.reprint')}
              </button>
            </div>
            <FormAlert error={printError} />
          </div>
        </div>
      ) : (
        !loadError && <p className="muted">{t('app.loading')}</p>
      )}
    </section>
  );
}
