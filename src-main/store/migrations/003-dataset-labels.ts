// 003: a dataset remembers its ground-truth file, so that runs queued from the UI can name the dataset alone.
export const datasetLabelsSchema = `
ALTER TABLE datasets ADD COLUMN labels_file TEXT;
`;
