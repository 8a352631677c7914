import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  columnFilteringFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnFiltersState,
  type SortingState,
} from '@tanstack/react-table';
import { api, errorMessage, query } from '../api.ts';
import { formatCell, formatNumber } from '../format.ts';
import type { Column, RowsPage } from '../types.ts';
import { ErrorMessage } from './Status.tsx';
import { TableScroll } from './TableScroll.tsx';

type Row = Record<string, unknown>;

const features = tableFeatures({ rowSortingFeature, columnFilteringFeature });
const PAGE_SIZES = [25, 50, 100];
const NO_ROWS: Row[] = [];
const ARIA_SORT = { asc: 'ascending', desc: 'descending', none: 'none' } as const;
const SORT_ARROW = { asc: ' ▲', desc: ' ▼', none: ' ↕' };

/** Column types filtered by a from/to range instead of one value. */
const RANGE_TYPES = new Set(['integer', 'decimal', 'date']);

/** Filter value of a range column; either bound may be empty. */
interface RangeFilter {
  from: string;
  to: string;
}

function isRange(value: unknown): value is RangeFilter {
  return typeof value === 'object' && value !== null && 'from' in value;
}

/**
 * Turns the table state into the rows endpoint's query: sort=-name for descending order,
 * filter[name][contains]=v for text columns, filter[name][gte]=a and filter[name][lte]=b for
 * integer, decimal and date ranges, and filter[name]=v (equality) for the other types.
 * The filter[…] form keeps column names such as "limit" apart from the paging parameters.
 */
function rowsQuery(columns: Column[], sorting: SortingState, filters: ColumnFiltersState, limit: number, offset: number): string {
  const params: Record<string, string | number> = { limit, offset };
  if (sorting[0]) params.sort = (sorting[0].desc ? '-' : '') + sorting[0].id;
  for (const filter of filters) {
    if (isRange(filter.value)) {
      const from = filter.value.from.trim();
      const to = filter.value.to.trim();
      if (from) params[`filter[${filter.id}][gte]`] = from;
      if (to) params[`filter[${filter.id}][lte]`] = to;
      continue;
    }
    const value = String(filter.value ?? '').trim();
    if (!value) continue;
    const column = columns.find((entry) => entry.name === filter.id);
    params[column?.type === 'text' ? `filter[${filter.id}][contains]` : `filter[${filter.id}]`] = value;
  }
  return query(params);
}

/** Paged, sortable and filterable view of a dataset's rows; paging, sorting and filtering run on the server. */
export function DataTable({ rowsPath, columns }: { rowsPath: string; columns: Column[] }) {
  const { t, i18n } = useTranslation();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filters, setFilters] = useState<ColumnFiltersState>([]);
  const [appliedFilters, setAppliedFilters] = useState<ColumnFiltersState>([]);
  const [pageSize, setPageSize] = useState(25);
  const [pageIndex, setPageIndex] = useState(0);
  const [page, setPage] = useState<RowsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  // Typing in a filter field would otherwise send one request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      setAppliedFilters(filters);
      setPageIndex(0);
    }, 400);
    return () => clearTimeout(timer);
  }, [filters]);

  const search = rowsQuery(columns, sorting, appliedFilters, pageSize, pageIndex * pageSize);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api<RowsPage>(`${rowsPath}${search}`)
      .then((body) => {
        if (!current) return;
        setPage(body);
        setError(null);
      })
      .catch((caught) => current && setError(errorMessage(caught)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [rowsPath, search]);

  const yesNo: [string, string] = [t('common.yes'), t('common.no')];
  const definitions = useMemo<ColumnDef<typeof features, Row>[]>(
    () =>
      columns.map((column) => ({
        id: column.name,
        accessorFn: (row: Row) => row[column.name],
        header: column.name,
        enableSorting: column.type !== 'geometry',
        enableColumnFilter: column.type !== 'geometry',
      })),
    [columns],
  );

  const table = useTable({
    features,
    columns: definitions,
    data: page?.rows ?? NO_ROWS,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    state: { sorting, columnFilters: filters },
    onSortingChange: (updater) => {
      setSorting(typeof updater === 'function' ? updater(sorting) : updater);
      setPageIndex(0);
    },
    onColumnFiltersChange: (updater) => setFilters(typeof updater === 'function' ? updater(filters) : updater),
  });

  const total = page?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const typeOf = (id: string) => columns.find((column) => column.name === id)?.type ?? 'text';
  const first = total === 0 ? 0 : pageIndex * pageSize + 1;
  const last = Math.min(total, (pageIndex + 1) * pageSize);

  return (
    <div className="data-table" lang={i18n.language}>
      <ErrorMessage message={error} />
      <p role="status" aria-live="polite">
        {loading
          ? t('common.loading')
          : t('table.range', { first: formatNumber(first), last: formatNumber(last), total: formatNumber(total) })}
      </p>
      <TableScroll label={t('table.label')}>
        <table className="data">
          <caption className="visually-hidden">{t('table.caption')}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted() || 'none';
                  const numeric = ['integer', 'decimal'].includes(typeOf(header.column.id));
                  return (
                    <th key={header.id} scope="col" aria-sort={header.column.getCanSort() ? ARIA_SORT[sorted] : undefined} className={numeric ? 'number' : undefined}>
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort" onClick={() => header.column.toggleSorting(sorted === 'asc')}>
                          {header.column.id}
                          <span aria-hidden="true">{SORT_ARROW[sorted]}</span>
                          <span className="visually-hidden">{t('table.sortHint')}</span>
                        </button>
                      ) : (
                        header.column.id
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
            <tr className="filter-row">
              {table.getHeaderGroups()[0]?.headers.map((header) => (
                <td key={header.id}>
                  {header.column.getCanFilter() && RANGE_TYPES.has(typeOf(header.column.id)) && (
                    <RangeInputs
                      column={header.column.id}
                      type={typeOf(header.column.id)}
                      value={header.column.getFilterValue()}
                      onChange={(range) => header.column.setFilterValue(range)}
                    />
                  )}
                  {header.column.getCanFilter() && !RANGE_TYPES.has(typeOf(header.column.id)) && (
                    <input
                      type="search"
                      aria-label={t('table.filter', { column: header.column.id })}
                      value={String(header.column.getFilterValue() ?? '')}
                      onChange={(event) => header.column.setFilterValue(event.target.value)}
                    />
                  )}
                </td>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => {
                  const type = typeOf(cell.column.id);
                  return (
                    <td key={cell.id} className={type === 'integer' || type === 'decimal' ? 'number' : undefined}>
                      {formatCell(cell.getValue(), type, yesNo)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div className="pager">
        <button type="button" disabled={pageIndex === 0} onClick={() => setPageIndex(pageIndex - 1)}>
          {t('table.previous')}
        </button>
        <span>{t('table.page', { page: formatNumber(pageIndex + 1), pages: formatNumber(pages) })}</span>
        <button type="button" disabled={pageIndex + 1 >= pages} onClick={() => setPageIndex(pageIndex + 1)}>
          {t('table.next')}
        </button>
        <label>
          {t('table.pageSize')}{' '}
          <select
            value={pageSize}
            onChange={(event) => {
              setPageSize(Number(event.target.value));
              setPageIndex(0);
            }}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

/** From/to inputs for one range column; numbers use the browser's number input, which accepts the page locale's decimal separator. */
function RangeInputs({ column, type, value, onChange }: { column: string; type: string; value: unknown; onChange: (range: RangeFilter) => void }) {
  const { t } = useTranslation();
  const range = isRange(value) ? value : { from: '', to: '' };
  const inputType = type === 'date' ? 'date' : 'number';

  return (
    <div className="range-filter">
      <input
        type={inputType}
        step={inputType === 'number' ? 'any' : undefined}
        aria-label={t('table.filterFrom', { column })}
        placeholder={t('table.placeholderFrom')}
        value={range.from}
        onChange={(event) => onChange({ ...range, from: event.target.value })}
      />
      <input
        type={inputType}
        step={inputType === 'number' ? 'any' : undefined}
        aria-label={t('table.filterTo', { column })}
        placeholder={t('table.placeholderTo')}
        value={range.to}
        onChange={(event) => onChange({ ...range, to: event.target.value })}
      />
    </div>
  );
}
