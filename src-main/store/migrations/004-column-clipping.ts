// 004: each array's ADC clipping per output column, for the cell-level view of one array.
export const columnClippingSchema = `
ALTER TABLE array_stats ADD COLUMN column_clipping TEXT
  CHECK (column_clipping IS NULL OR json_valid(column_clipping));
`;
