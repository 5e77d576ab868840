/** Template groups (模板组) as a tree: choose one to filter the list; new groups and renames for those who may change. */
import { EditOutlined, FolderAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Space, Tree, type TreeDataNode } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, linePath } from '../api';
import { ErrorAlert, showFieldErrors } from '../components/errors';
import { useGroups } from './api';
import type { TemplateGroup } from './types';

/** The key of "all templates", the tree's root. */
export const ALL = '';

function tree(groups: TemplateGroup[], parentId: string | null): TreeDataNode[] {
  return groups
    .filter((g) => g.parentId === parentId)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    .map((g) => ({ key: g.id, title: g.name, children: tree(groups, g.id) }));
}

/** The drag payload of a template row (Templates page) dropped on a group. */
export const TEMPLATE_DRAG_TYPE = 'application/x-hetong-template';

export function GroupTree(props: {
  appId: string;
  value: string;
  onChange: (id: string) => void;
  editable: boolean;
  /** A template row dropped on a group (null: "all templates", i.e. no group). */
  onDropTemplate?: (templateId: string, groupId: string | null) => void;
}) {
  const [over, setOver] = useState<string | null>(null);
  const { t } = useTranslation();
  const groups = useGroups(props.appId);
  const [editing, setEditing] = useState<null | { mode: 'create' | 'rename' }>(null);
  const chosen = groups.data?.find((g) => g.id === props.value);
  const nodes: TreeDataNode[] = [
    { key: ALL, title: t('templates.groups.all'), children: tree(groups.data ?? [], null) },
  ];
  return (
    <Card
      size="small"
      title={t('templates.groups.title')}
      extra={
        props.editable && (
          <Space size={0}>
            <Button
              type="text"
              size="small"
              icon={<FolderAddOutlined />}
              aria-label={t('templates.groups.create')}
              title={t('templates.groups.create')}
              data-testid="group-create"
              onClick={() => setEditing({ mode: 'create' })}
            />
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              disabled={!chosen}
              aria-label={t('templates.groups.rename')}
              title={t('templates.groups.rename')}
              onClick={() => setEditing({ mode: 'rename' })}
            />
          </Space>
        )
      }
    >
      <ErrorAlert error={groups.error} />
      <Tree
        data-testid="group-tree"
        blockNode
        defaultExpandAll
        key={groups.data?.length ?? 0}
        treeData={nodes}
        selectedKeys={[props.value]}
        onSelect={(keys) => keys.length && props.onChange(String(keys[0]))}
        titleRender={(node) => {
          const key = String(node.key);
          const drop = props.onDropTemplate;
          if (!drop) return <>{node.title as ReactNode}</>;
          // HTML5 drag and drop from the list's rows: a group highlights while a template is over it.
          return (
            <div
              data-testid="group-drop"
              data-group={key}
              onDragOver={(e) => {
                if (!e.dataTransfer.types.includes(TEMPLATE_DRAG_TYPE)) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                setOver(key);
              }}
              onDragLeave={() => setOver((o) => (o === key ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                setOver(null);
                const id = e.dataTransfer.getData(TEMPLATE_DRAG_TYPE);
                if (id) drop(id, key === ALL ? null : key);
              }}
              style={{
                outline: over === key ? '2px dashed #1677ff' : undefined,
                background: over === key ? '#e6f4ff' : undefined,
                borderRadius: 4,
              }}
            >
              {node.title as ReactNode}
            </div>
          );
        }}
      />
      {editing && (
        <GroupModal
          appId={props.appId}
          mode={editing.mode}
          group={chosen}
          onDone={(id) => {
            setEditing(null);
            if (id) props.onChange(id);
          }}
        />
      )}
    </Card>
  );
}

/** New group (under the chosen one) or rename of the chosen group. */
function GroupModal(props: {
  appId: string;
  mode: 'create' | 'rename';
  group: TemplateGroup | undefined;
  onDone: (id?: string) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async ({ name }: { name: string }) => {
    setBusy(true);
    setError(null);
    try {
      const g =
        props.mode === 'create'
          ? await api<TemplateGroup>('POST', linePath(props.appId, '/template-groups'), {
              name,
              parentId: props.group?.id ?? null,
            })
          : await api<TemplateGroup>('PATCH', linePath(props.appId, `/template-groups/${props.group!.id}`), {
              name,
            });
      await client.invalidateQueries({ queryKey: ['template-groups', props.appId] });
      props.onDone(g.id);
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={
        props.mode === 'create'
          ? props.group
            ? t('templates.groups.createUnder', { name: props.group.name })
            : t('templates.groups.create')
          : t('templates.groups.rename')
      }
      okButtonProps={{ loading: busy, htmlType: 'submit', form: 'group-form' }}
      onCancel={() => props.onDone()}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        id="group-form"
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: props.mode === 'rename' ? props.group?.name : '' }}
        onFinish={submit}
        style={{ marginTop: 12 }}
      >
        <Form.Item
          name="name"
          label={t('common.name')}
          rules={[{ required: true, max: 200, message: t('templates.required') }]}
        >
          <Input autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
