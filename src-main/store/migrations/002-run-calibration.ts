// 002: each run records the calibration (the per-layer converter ranges) it used.
export const runCalibrationSchema = `
ALTER TABLE runs ADD COLUMN calibration_key TEXT REFERENCES calibrations (key);
`;
