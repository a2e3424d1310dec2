'use client';

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMISSION_GROUPS, type Permission, type PermissionGroup } from '@/lib/auth/permissions';

interface Props {
  selected: readonly Permission[];
  onChange(next: Permission[]): void;
  disabled?: boolean;
  /** Offer only these permissions (e.g. a token's, within its owner's); groups left empty are not shown. */
  only?: readonly Permission[];
}

/** Every permission of the product as checkboxes, one fieldset per group, each with "select all". */
export function PermissionPicker({ selected, onChange, disabled, only }: Props) {
  const chosen = new Set(selected);
  const toggle = (permissions: readonly Permission[], on: boolean) => {
    const next = new Set(chosen);
    for (const p of permissions) if (on) next.add(p); else next.delete(p);
    onChange([...next]);
  };
  return (
    <div className="permission-picker">
      {(Object.keys(PERMISSION_GROUPS) as PermissionGroup[]).map((group) => {
        const offered = (PERMISSION_GROUPS[group] as readonly Permission[]).filter((p) => !only || only.includes(p));
        if (offered.length === 0) return null;
        return <PermissionGroupFieldset key={group} group={group} permissions={offered} chosen={chosen} toggle={toggle} disabled={disabled} />;
      })}
    </div>
  );
}

interface GroupProps {
  group: PermissionGroup;
  permissions: readonly Permission[];
  chosen: ReadonlySet<Permission>;
  toggle(permissions: readonly Permission[], on: boolean): void;
  disabled?: boolean;
}

function PermissionGroupFieldset({ group, permissions, chosen, toggle, disabled }: GroupProps) {
  const { t } = useTranslation();
  const count = permissions.filter((p) => chosen.has(p)).length;
  const all = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (all.current) all.current.indeterminate = count > 0 && count < permissions.length;
  }, [count, permissions.length]);
  const groupName = t(`permissions.groups.${group}`);
  return (
    <fieldset disabled={disabled}>
      <legend>{groupName}</legend>
      {permissions.length > 1 && (
        <label className="checkbox-label select-all">
          <input ref={all} type="checkbox" checked={count === permissions.length}
            onChange={(event) => toggle(permissions, event.target.checked)} />
          {t('admin.roles.selectAllInGroup', { group: groupName })}
        </label>
      )}
      <div className="checkbox-grid">
        {permissions.map((permission) => (
          <label key={permission}>
            <input type="checkbox" name="permissions" value={permission} checked={chosen.has(permission)}
              onChange={(event) => toggle([permission], event.target.checked)} />
            {t(`permissions.names.${permission}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
