/**
 * «Устройства» (administrator): the card reader's and the label printer's serial settings, each
 * device's live status, a test read and a test label. Saving applies at once (the main process
 * restarts the device; the status follows through `devices.status`). A device IT fixed in the
 * config file is shown read-only. The test read only watches the scan event: an administrator
 * never receives a document's data.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AppError, type SettingKey, type Settings } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { toPrinterValues, toReaderValues } from './device-forms';
import { PrinterPanel, ReaderPanel, type PortList } from './DevicePanel';

const listPorts = () => api['devices.ports']({});

export function DevicesScreen() {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<{ values: Settings; readonly: readonly SettingKey[] } | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [portsVersion, setPortsVersion] = useState(0);
  const ports = useFetch(listPorts, portsVersion);

  useEffect(() => {
    let live = true;
    void api['settings.get']({}).then((result) => {
      if (!live) return;
      if (result.ok) setLoaded(result.value);
      else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);

  const portList: PortList = {
    ports: ports.data?.ports ?? null,
    error: ports.error,
    refresh: () => setPortsVersion((v) => v + 1),
  };

  return (
    <section className="screen" aria-labelledby="devices-title">
      <h1 id="devices-title" tabIndex={-1}>
        {t('devices.title')}
      </h1>
      <p className="lead muted devices__intro">{t('devices.intro')}</p>
      <FormAlert error={loadError} />
      {loaded ? (
        <>
          <ReaderPanel initial={toReaderValues(loaded.values.reader)} readonly={loaded.readonly.includes('reader')} ports={portList} />
          <PrinterPanel initial={toPrinterValues(loaded.values.printer)} readonly={loaded.readonly.includes('printer')} ports={portList} />
        </>
      ) : (
        !loadError && <p className="muted">{t('app.loading')}</p>
      )}
    </section>
  );
}
