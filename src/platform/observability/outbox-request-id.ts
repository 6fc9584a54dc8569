/**
 * Stamps every outbox message written during a request with the request's id (column request_id,
 * migration 040), whichever module writes it, so that a delivery can be traced to the request that
 * caused it without each module passing the id along. A Kysely plugin on the app's database: it adds
 * the column to an `INSERT INTO outbox` built with the query builder that does not set it already.
 * Precompiled inserts (the dossier write path, src/modules/dossiers/dossier-writes.ts) set it
 * themselves: they are compiled without plugins.
 */
import { ColumnNode, PrimitiveValueListNode, ValueListNode, ValueNode, ValuesNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { currentRequestId } from './request-context.ts';

export class OutboxRequestIdPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind !== 'InsertQueryNode' || node.into?.table.identifier.name !== 'outbox') return node;
    const id = currentRequestId();
    if (!id || !node.columns || node.columns.some((c) => c.column.name === 'request_id')) return node;
    const values = node.values;
    if (!values || !ValuesNode.is(values)) return node;
    return {
      ...node,
      columns: [...node.columns, ColumnNode.create('request_id')],
      values: ValuesNode.create(
        values.values.map((row) => (PrimitiveValueListNode.is(row) ? PrimitiveValueListNode.create([...row.values, id]) : ValueListNode.create([...row.values, ValueNode.create(id)]))),
      ),
    };
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
