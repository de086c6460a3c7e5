INSERT INTO market_ticks (
    tick_id, trigger_source, started_at, finished_at, status, detail, prices_json, missing_symbols, news_chars,
    news_error, accounts)
VALUES (
    :#tick_id, :#trigger_source, :#started_at, :#finished_at, :#status, :#detail, :#prices_json, :#missing_symbols,
    :#news_chars, :#news_error, :#accounts)
