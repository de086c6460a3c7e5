INSERT INTO market_ticks (
    tick_id, trigger_source, started_at, finished_at, status, detail, prices_json, missing_symbols, news_chars,
    news_error, accounts, snapshot_id, inputs_as_of, market_errors)
VALUES (
    :#tick_id, :#trigger_source, :#started_at, :#finished_at, :#status, :#detail, :#prices_json, :#missing_symbols,
    :#news_chars, :#news_error, :#accounts, :#snapshot_id, :#inputs_as_of, :#market_errors)
ON DUPLICATE KEY UPDATE
    finished_at = VALUES(finished_at), status = VALUES(status), detail = COALESCE(VALUES(detail), detail),
    prices_json = VALUES(prices_json), missing_symbols = VALUES(missing_symbols), news_chars = VALUES(news_chars),
    news_error = VALUES(news_error), accounts = VALUES(accounts), snapshot_id = VALUES(snapshot_id),
    inputs_as_of = VALUES(inputs_as_of), market_errors = VALUES(market_errors)
