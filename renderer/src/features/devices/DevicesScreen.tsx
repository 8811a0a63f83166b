/**
 * «Устройства» (administrator): the card reader's and the label printer's serial settings, each
 * device's live status, a test read and a test label. Saving applies at once (the main process
 * restarts the device; the status follows through `devices.status`). A device IT fixed in the
 * config file is shown read-only. The test read only watches the scan event: an administrator
 * never receives a document's data.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  baudRates,
  flowControls,
  parities,
  printerSettingsSchema,
  readerSettingsSchema,
  type AppError,
  type DeviceKind,
  type FieldErrors,
  type PrinterSettings,
  type ReaderSettings,
  type Result,
  type SettingKey,
  type Settings,
} from '../../../../preload/contract';
import { api } from '../../api';
import { Field, SelectField, type Option } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { subscribeScan } from '../../stores/devices';
import { svgSource } from '../applications/ApplicationLabel';
import { messageOf, toneOf, useDeviceView } from './device-state';

type SerialValues = { path: string; baudRate: string; dataBits: string; parity: string; stopBits: string; flowControl: string };
type ReaderValues = SerialValues & { idleMs: string };
type PrinterValues = SerialValues & { font: string };

const serialValues = (s: ReaderSettings | PrinterSettings): SerialValues => ({
  path: s.path,
  baudRate: String(s.baudRate),
  dataBits: String(s.dataBits),
  parity: s.parity,
  stopBits: String(s.stopBits),
  flowControl: s.flowControl,
});

/** The form's strings as the contract's types; junk stays invalid for zod to explain. */
const serialInput = (v: SerialValues) => ({
  path: v.path,
  baudRate: Number(v.baudRate),
  dataBits: Number(v.dataBits),
  parity: v.parity,
  stopBits: Number(v.stopBits),
  flowControl: v.flowControl,
});

const toReaderValues = (s: ReaderSettings): ReaderValues => ({ ...serialValues(s), idleMs: String(s.idleMs) });
const toPrinterValues = (s: PrinterSettings): PrinterValues => ({ ...serialValues(s), font: s.font });
const readerInput = (v: ReaderValues) => ({ ...serialInput(v), idleMs: v.idleMs.trim() === '' ? undefined : Number(v.idleMs) });
const printerInput = (v: PrinterValues) => ({ ...serialInput(v), font: v.font });
const validateReader = (v: ReaderValues): FieldErrors => zodFieldErrors(readerSettingsSchema, readerInput(v));
const validatePrinter = (v: PrinterValues): FieldErrors => zodFieldErrors(printerSettingsSchema, printerInput(v));

/** The main process keys field errors by the settings path (`reader.baudRate`); the form by field. */
function withoutPrefix(error: AppError, prefix: DeviceKind): AppError {
  if (!error.fields) return error;
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([path, message]) => [path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path, message]),
  );
  return { ...error, fields };
}

const sameValues = <V extends Record<string, string>>(a: V, b: V) => Object.keys(a).every((k) => a[k]?.trim() === b[k]?.trim());

const listPorts = () => api['devices.ports']({});
const previewLabel = () => api['devices.labelPreview']({});

type SaveStatus = 'settings.saved' | 'settings.nothingChanged';

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

type PortList = { ports: readonly string[] | null; error: AppError | null; refresh: () => void };

type Bound = {
  id: string;
  name: string;
  value: string;
  error: string | undefined;
  onChange: (e: { target: { value: string } }) => void;
};

/** Port, speed, data bits, parity, stop bits and flow control: the same for both devices. */
function SerialFields({ bind, locked, ports }: { bind: (name: keyof SerialValues) => Bound; locked: boolean; ports: PortList }) {
  const { t } = useTranslation();
  const port = bind('path');
  const listId = `${port.id}-ports`;
  const numbers = (values: readonly number[]): Option[] => values.map((v) => ({ value: String(v), label: String(v) }));
  const parityOptions = parities.map((p) => ({ value: p, label: t(`devices.parities.${p}`) }));
  const flowOptions = flowControls.map((f) => ({ value: f, label: t(`devices.flowControls.${f}`) }));
  const found =
    ports.ports === null
      ? ports.error
        ? t('devices.portsFailed')
        : t('app.loading')
      : ports.ports.length > 0
        ? t('devices.portsFound', { ports: ports.ports.join(', ') })
        : t('devices.portsNone');

  return (
    <>
      <Field
        label={t('devices.fields.path')}
        hint={t('devices.hints.path')}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        className="mono-input"
        disabled={locked}
        note={
          locked ? undefined : (
            <>
              {found}{' '}
              <button type="button" className="button button--small" onClick={ports.refresh}>
                {t('devices.refreshPorts')}
              </button>
            </>
          )
        }
        {...port}
      />
      <datalist id={listId}>
        {(ports.ports ?? []).map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <SelectField label={t('devices.fields.baudRate')} options={numbers(baudRates)} disabled={locked} {...bind('baudRate')} />
      <SelectField label={t('devices.fields.dataBits')} options={numbers([7, 8])} disabled={locked} {...bind('dataBits')} />
      <SelectField label={t('devices.fields.parity')} options={parityOptions} disabled={locked} {...bind('parity')} />
      <SelectField label={t('devices.fields.stopBits')} options={numbers([1, 2])} disabled={locked} {...bind('stopBits')} />
      <SelectField label={t('devices.fields.flowControl')} options={flowOptions} disabled={locked} {...bind('flowControl')} />
    </>
  );
}

/** The device's state as the store has it, with the main process's explanation. */
function DeviceStatusLine({ device }: { device: DeviceKind }) {
  const { t } = useTranslation();
  const view = useDeviceView(device);
  const message = view ? messageOf(view.status) : null;
  return (
    <div className="device-status">
      <p>
        {t('devices.stateLabel')}{' '}
        {view ? (
          <span className={`device-state device-state--${toneOf(view.status.state)}`}>{t(`devices.state.${view.status.state}`)}</span>
        ) : (
          t('common.dash')
        )}
        {view && view.path !== '' && <span className="muted"> · {t('devices.portLine', { path: view.path })}</span>}
        {device === 'printer' && view && view.queued > 0 && <> · {t('devices.queued', { n: view.queued })}</>}
      </p>
      {message && <p className="device-status__message">{message}</p>}
    </div>
  );
}

type PanelProps<V> = { initial: V; readonly: boolean; ports: PortList };
/** A device form's values: the serial line's fields plus the device's own, all strings. */
type DeviceValues = SerialValues & Record<string, string>;

/** The form's `bind`, whose changes also clear «Настройки сохранены» (it described the old values). */
function clearStatusOnChange<K extends string>(
  bind: (name: K) => Omit<Bound, 'value'> & { value: string | undefined },
  setStatus: (status: SaveStatus | null) => void,
) {
  return (name: K): Bound => {
    const bound = bind(name);
    return {
      ...bound,
      value: bound.value ?? '',
      onChange: (e) => {
        setStatus(null);
        bound.onChange(e);
      },
    };
  };
}

type ReadTest = { kind: 'waiting' } | { kind: 'ok' } | { kind: 'failed'; message: string };

/** «Проверить считывание»: waits for the next scan event and says whether it read; takes nothing. */
function ReaderTest() {
  const { t } = useTranslation();
  const view = useDeviceView('reader');
  const [test, setTest] = useState<ReadTest | null>(null);
  const waiting = test?.kind === 'waiting';
  const notConfigured = view?.status.state === 'not_configured';
  const hintId = useId();

  useEffect(() => {
    if (!waiting) return;
    return subscribeScan((event) => {
      setTest(event.ok ? { kind: 'ok' } : { kind: 'failed', message: event.error.message });
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
          <p>{test.message}</p>
        </div>
      )}
    </div>
  );
}

/** What differs between the two devices' settings forms. */
type DeviceSpec<V extends DeviceValues> = {
  device: DeviceKind;
  validate: (values: V) => FieldErrors;
  /** Saves through `settings.update`; the saved values as the form shows them, or the error by field. */
  save: (values: V) => Promise<Result<V>>;
};

const readerSpec: DeviceSpec<ReaderValues> = {
  device: 'reader',
  validate: validateReader,
  async save(values) {
    const parsed = readerSettingsSchema.safeParse(readerInput(values));
    if (!parsed.success) return { ok: false, error: { code: 'validation', message: '', fields: validateReader(values) } };
    const result = await api['settings.update']({ reader: parsed.data });
    return result.ok
      ? { ok: true, value: toReaderValues(result.value.values.reader) }
      : { ok: false, error: withoutPrefix(result.error, 'reader') };
  },
};

const printerSpec: DeviceSpec<PrinterValues> = {
  device: 'printer',
  validate: validatePrinter,
  async save(values) {
    const parsed = printerSettingsSchema.safeParse(printerInput(values));
    if (!parsed.success) return { ok: false, error: { code: 'validation', message: '', fields: validatePrinter(values) } };
    const result = await api['settings.update']({ printer: parsed.data });
    return result.ok
      ? { ok: true, value: toPrinterValues(result.value.values.printer) }
      : { ok: false, error: withoutPrefix(result.error, 'printer') };
  },
};

/** One device's panel: its status, its settings form (`extra`: the device's own fields) and its test. */
function DevicePanel<V extends DeviceValues>({
  spec,
  initial: loaded,
  readonly,
  ports,
  extra,
  children,
}: PanelProps<V> & {
  spec: DeviceSpec<V>;
  extra: (bind: (name: keyof V & string) => Bound) => ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { device } = spec;
  const [initial, setInitial] = useState(loaded);
  const [status, setStatus] = useState<SaveStatus | null>(null);
  const form = useForm(initial, { idPrefix: device, validate: spec.validate, live: true });
  const bind = clearStatusOnChange(form.bind, setStatus);

  return (
    <section className="card device-panel" aria-labelledby={`${device}-title`}>
      <h2 id={`${device}-title`}>{t(device === 'reader' ? 'devices.readerTitle' : 'devices.printerTitle')}</h2>
      <DeviceStatusLine device={device} />
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          setStatus(null);
          if (sameValues(values, initial)) {
            setStatus('settings.nothingChanged');
            return;
          }
          const result = await spec.save(values);
          if (!result.ok) return result;
          form.reset(result.value);
          setInitial(result.value);
          setStatus('settings.saved');
          return result;
        })}
      >
        {readonly && <p className="alert alert--info">{t('settings.readonlyNote')}</p>}
        <div className="form-grid">
          <SerialFields bind={bind} locked={readonly} ports={ports} />
          {extra(bind)}
        </div>
        <FormAlert error={form.serverError} shownFields={form.fieldNames} />
        <div role="status" className={status ? 'alert alert--ok' : 'visually-empty'}>
          {status && t(status)}
        </div>
        {!readonly && (
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={form.busy}>
              {t('common.save')}
            </button>
          </div>
        )}
      </form>
      {children}
    </section>
  );
}

function ReaderPanel(props: PanelProps<ReaderValues>) {
  const { t } = useTranslation();
  return (
    <DevicePanel
      {...props}
      spec={readerSpec}
      extra={(bind) => (
        <Field
          label={t('devices.fields.idleMs')}
          hint={t('devices.hints.idleMs')}
          type="number"
          inputMode="numeric"
          min={50}
          max={2000}
          step={10}
          disabled={props.readonly}
          {...bind('idleMs')}
        />
      )}
    >
      <ReaderTest />
    </DevicePanel>
  );
}

function PrinterPanel(props: PanelProps<PrinterValues>) {
  const { t } = useTranslation();
  return (
    <DevicePanel
      {...props}
      spec={printerSpec}
      extra={(bind) => (
        <Field
          label={t('devices.fields.font')}
          hint={t('devices.hints.font')}
          autoComplete="off"
          spellCheck={false}
          className="mono-input"
          disabled={props.readonly}
          {...bind('font')}
        />
      )}
    >
      <PrinterTest />
    </DevicePanel>
  );
}

type TestLabel = { jobId: string; printed: boolean };

/** The label's preview and «Напечатать тестовую этикетку»; a queued test label turns printed by event. */
function PrinterTest() {
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
