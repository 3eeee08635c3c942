// 005: each array's wire-resistance figures (docs/analog-model.md §7): its worst IR drop and the solver's residual.
export const wireStatisticsSchema = `
ALTER TABLE array_stats ADD COLUMN ir_drop REAL;
ALTER TABLE array_stats ADD COLUMN solver_residual REAL;
`;
