/** "Move to group": a template's group chosen from the tree of groups (or none). */
import { Form, Modal, TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/errors';
import { useGroups } from './api';
import type { TemplateGroup } from './types';

/** The key of "no group" in the select (a TreeSelect value cannot be null). */
const NONE = '__none__';

interface Node {
  value: string;
  title: string;
  children: Node[];
}

function nodes(groups: TemplateGroup[], parentId: string | null): Node[] {
  return groups
    .filter((g) => g.parentId === parentId)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    .map((g) => ({ value: g.id, title: g.name, children: nodes(groups, g.id) }));
}

export function MoveModal(props: {
  appId: string;
  template: { id: string; name: string; groupId: string | null };
  onMove: (groupId: string | null) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const groups = useGroups(props.appId);
  const [value, setValue] = useState(props.template.groupId ?? NONE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onMove(value === NONE ? null : value);
      props.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('templates.groups.moveTitle', { name: props.template.name })}
      okButtonProps={{ loading: busy, disabled: value === (props.template.groupId ?? NONE) }}
      onOk={submit}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error ?? groups.error} />
      <Form layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item label={t('templates.groups.moveTo')}>
          <TreeSelect
            data-testid="move-target"
            value={value}
            onChange={setValue}
            treeDefaultExpandAll
            treeData={[
              { value: NONE, title: t('templates.groups.none'), children: [] },
              ...nodes(groups.data ?? [], null),
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
