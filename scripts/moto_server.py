"""moto server (5.2) with two performance defects of its DynamoDB emulation worked around, for load runs.

Usage: python3 scripts/moto_server.py -H 127.0.0.1 -p PORT   (the same arguments as `python3 -m moto.server`)

Stock moto makes TransactWriteItems roll back by deep-copying every table the transaction touches,
once per item, before it starts: each transaction costs O(table size) (measured: 13 ms on an empty
table, 1.1 s at 5,000 items, 4.6 s at 20,000), so a test that writes 10,000 labels (~40,000 items)
through transactions cannot finish. This launcher keeps moto's transaction code as it is and replaces
only that snapshot: it records the items the transaction names (their keys are in the request) before
moto runs it, lets moto's whole-table "copy" be the table itself, and on any failure puts exactly
those items back as they were. The outcome of every transaction — conditions, cancellation reasons,
all-or-nothing — is moto's own; only the cost of the undo changes, to O(items in the transaction).

Stock moto also answers a Query on the table's own key by sorting every item of the table and
filtering them (0.5 s and more per query at 60,000 items). Here such a query is given only the items
of the partition it names as its candidates; moto's own code still applies the key conditions,
filters, order, limit and paging. Queries on an index are left as they are.

The regular test suite runs stock moto (`python3 -m moto.server`); `scripts/concurrency-run.sh` uses
this launcher for the 10,000-label run of ConcurrencyAndFaultsMotoTest.
"""
import copy
import sys
import threading

import moto
import moto.dynamodb.models as backend_module
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.server import main

if not moto.__version__.startswith("5."):
    sys.exit(f"scripts/moto_server.py was written against moto 5; this is moto {moto.__version__}")

_in_transaction = threading.local()


class _CopyModule:
    """Stands in for `copy` inside moto.dynamodb.models: during a transaction a Table is 'copied' as itself."""

    def __getattr__(self, name):
        return getattr(copy, name)

    @staticmethod
    def deepcopy(x, memo=None):
        if isinstance(x, Table) and getattr(_in_transaction, "active", False):
            return x
        return copy.deepcopy(x, memo)


def _key_of(table, op_type, op):
    attrs = op.get("Item") if op_type == "Put" else op.get("Key")
    if not isinstance(attrs, dict) or table.hash_key_attr not in attrs:
        return None
    hash_key = DynamoType(attrs[table.hash_key_attr])
    if table.range_key_attr is None:
        return hash_key, None
    if table.range_key_attr not in attrs:
        return None
    return hash_key, DynamoType(attrs[table.range_key_attr])


def _restore(table, hash_key, range_key, before):
    if before is None:
        table.delete_item(hash_key, range_key)
    elif range_key is None:
        table.items[hash_key] = before
    else:
        table.items[hash_key][range_key] = before


_original = DynamoDBBackend.transact_write_items
_partition = threading.local()
_original_all_items = Table.all_items
_original_query = Table.query


def all_items(self):
    if getattr(_partition, "table", None) is self:
        return list(_partition.items)
    return _original_all_items(self)


def query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
          projection_expressions, index_name=None, *args, **kwargs):
    base_table = index_name is None and hash_key is not None and self.range_key_attr is not None
    if base_table:
        part = self.items.get(hash_key, {})
        _partition.table, _partition.items = self, sorted(part.values(), key=lambda x: x.range_key)
    try:
        return _original_query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
                               projection_expressions, index_name, *args, **kwargs)
    finally:
        if base_table:
            _partition.table = _partition.items = None


def transact_write_items(self, transact_items):
    undo = []
    for entry in transact_items if isinstance(transact_items, list) else []:
        if not isinstance(entry, dict) or len(entry) != 1:
            continue
        op_type, op = next(iter(entry.items()))
        table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
        key = _key_of(table, op_type, op) if table is not None else None
        if key is None:
            continue  # moto rejects it before writing anything
        try:
            before = table.get_item(*key)
        except Exception:
            continue
        undo.append((table, key[0], key[1], copy.deepcopy(before)))
    _in_transaction.active = True
    try:
        return _original(self, transact_items)
    except BaseException:
        for table, hash_key, range_key, before in reversed(undo):
            _restore(table, hash_key, range_key, before)
        raise
    finally:
        _in_transaction.active = False


backend_module.copy = _CopyModule()
DynamoDBBackend.transact_write_items = transact_write_items
Table.all_items = all_items
Table.query = query

if __name__ == "__main__":
    main(sys.argv[1:])
