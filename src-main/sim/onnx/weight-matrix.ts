// Weight-matrix arithmetic for the analysis and the graph rewrites: transposes and scaling, in Float64, stored float32.

/** A row-major [rows][cols] matrix as [cols][rows], each value times `factor`. */
export function transposed(values: Float32Array, rows: number, cols: number, factor = 1): Float32Array {
  const result = new Float32Array(rows * cols);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) result[col * rows + row] = values[row * cols + col] * factor;
  }
  return result;
}

export function scaled(values: Float32Array, factor: number): Float32Array {
  return values.map((value) => value * factor);
}
