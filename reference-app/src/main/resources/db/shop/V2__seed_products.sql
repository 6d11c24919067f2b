INSERT INTO product (id, sku, name, description, price_cents) VALUES
  (1, 'TM-HEADPHONES', 'Studio headphones',      'Closed-back, 40 mm drivers.',             8990),
  (2, 'TM-KEYBOARD',   'Mechanical keyboard',    'Tenkeyless, hot-swappable switches.',     12900),
  (3, 'TM-MOUSE',      'Wireless mouse',         'Three modes, 70 days of battery.',        4990),
  (4, 'TM-MONITOR',    '27-inch monitor',        '1440p, 165 Hz, factory calibrated.',      32900),
  (5, 'TM-WEBCAM',     '4K webcam',              'Autofocus, privacy shutter.',             11900),
  (6, 'TM-DOCK',       'USB-C dock',             'Two displays, 100 W pass-through.',       17900),
  (7, 'TM-LAMP',       'Desk lamp',              'Dimmable, adjustable colour temperature.', 3990),
  (8, 'TM-CONSOLE-LE', 'Retro console (limited)', 'Numbered limited edition.',              24900);
