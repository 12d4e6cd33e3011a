-- Report: gazetteer names, to read recurrence keys (TYPE|PLACEKEY|PARTIES) as words.
SELECT entity_id, name FROM entities;
