/**
 * «Проверка рабочего места» (administrator): the readiness check's lines (main/readiness), each
 * with what was found and what to do, in the interface language; printable for IT's records.
 * The check runs when the screen opens and again on «Проверить снова» (it opens the ports and asks
 * the registry, so it is never polled).
 */
import { useCallback, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ReadinessReport, ReadinessStatus } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { currentLanguage } from '../../i18n';
import { printSheet } from '../../print';
import { formatDateTime } from '../applications/format';

const run = () => api['readiness.run']({});

function Lines({ report }: { report: ReadinessReport }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <table className="table readiness">
      <caption className="visually-hidden">{t('readiness.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('readiness.status')}</th>
          <th scope="col">{t('readiness.what')}</th>
          <th scope="col">{t('readiness.found')}</th>
          <th scope="col">{t('readiness.todo')}</th>
        </tr>
      </thead>
      <tbody>
        {report.lines.map((line) => (
          <tr key={line.id} data-line={line.id} data-status={line.status} className={`readiness__line readiness__line--${line.status}`}>
            <td>{t(`readiness.states.${line.status satisfies ReadinessStatus}`)}</td>
            <th scope="row">{line.title[language]}</th>
            <td>{line.text[language]}</td>
            <td>{line.todo?.[language] ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `onScreen`: the live copy (announced); the print layer's copy is plain text. */
function Verdict({ report, onScreen }: { report: ReadinessReport; onScreen: boolean }) {
  const { t } = useTranslation();
  const failed = report.lines.filter((l) => l.status === 'fail').length;
  const warned = report.lines.filter((l) => l.status === 'warn').length;
  return (
    <p
      className={`readiness__verdict readiness__verdict--${report.ready ? 'ready' : 'not-ready'}`}
      {...(onScreen && { role: 'status', 'data-testid': 'readiness-verdict' })}
    >
      {report.ready ? t('readiness.ready', { warned }) : t('readiness.notReady', { failed, warned })}{' '}
      {t('readiness.at', { at: formatDateTime(report.at) })}
    </p>
  );
}

export function ReadinessScreen() {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const { data, error } = useFetch(run, version);
  const again = useCallback(() => setVersion((v) => v + 1), []);

  return (
    <section className="screen" aria-labelledby="readiness-title">
      <div className="screen__head">
        <h1 id="readiness-title" tabIndex={-1}>
          {t('readiness.title')}
        </h1>
        <div className="sheet-actions">
          <button type="button" className="button" onClick={again}>
            {t('readiness.again')}
          </button>
          <button type="button" className="button button--primary" disabled={data === null} onClick={() => void printSheet('readiness')}>
            {t('readiness.print')}
          </button>
        </div>
      </div>
      <p className="field__hint">{t('readiness.hint')}</p>
      <FormAlert error={error} />
      {data === null ? (
        error === null && <p role="status">{t('readiness.running')}</p>
      ) : (
        <div>
          <Verdict report={data} onScreen />
          <Lines report={data} />
        </div>
      )}
      {data !== null &&
        createPortal(
          <div className="print-layer" data-testid="print-layer">
            <div className="paper">
              <h1>{t('readiness.title')}</h1>
              <Verdict report={data} onScreen={false} />
              <Lines report={data} />
            </div>
          </div>,
          document.body,
        )}
    </section>
  );
}
