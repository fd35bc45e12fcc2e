// The numbers behind a chart, in a disclosure: what a screen reader or a careful reader checks.
export function ValuesTable({
  testId,
  summary,
  columns,
  rows,
}: {
  testId: string;
  summary: string;
  columns: string[];
  rows: { key: string | number; cells: string[] }[];
}) {
  return (
    <details>
      <summary>{summary}</summary>
      <table data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
