-- Product ids match the api's catalogue. The limited console sells out during the demo.
INSERT INTO stock (product_id, available) VALUES
  (1, 400), (2, 400), (3, 800), (4, 150), (5, 300), (6, 250), (7, 800), (8, 12);
