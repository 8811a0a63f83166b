/**
 * One device's panel on «Устройства»: its live status, its serial settings form (read-only when IT
 * fixed it in the config file) and its test.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { baudRates, flowControls, parities, type AppError, type DeviceKind } from '../../../../preload/contract';
import { Field, SelectField, type Option } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm } from '../../components/use-form';
import { messageOf, toneOf, useDeviceView } from './device-state';
import {
  printerSpec,
  readerSpec,
  sameValues,
  type DeviceSpec,
  type DeviceValues,
  type PrinterValues,
  type ReaderValues,
  type SaveStatus,
  type SerialValues,
} from './device-forms';
import { PrinterTest, ReaderTest } from './DeviceTests';

export type PortList = { ports: readonly string[] | null; error: AppError | null; refresh: () => void };

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

type PanelProps<V> = { initial: V; readonly: boolean; ports: PortList };

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

export function ReaderPanel(props: PanelProps<ReaderValues>) {
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

export function PrinterPanel(props: PanelProps<PrinterValues>) {
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
