INSERT INTO ai_decision_logs (
    account_id, decision_time, tick_id, reason, operation, symbol, direction, prev_portion, target_portion,
    total_balance, leverage, executed, order_id, status, error_code, error_message, provider, model, latency_ms,
    input_tokens, output_tokens, finish_reason, request_id, user_prompt, reasoning_trace, llm_output, decision_id,
    attempts, last_error, prompt_hash, reply_hash, chain_seq, prev_hash, row_hash, replay_of, replay_run_id,
    replay_target)
VALUES (
    :#account_id, :#decision_time, :#tick_id, :#reason, :#operation, :#symbol, :#direction, :#prev_portion,
    :#target_portion, :#total_balance, :#leverage, :#executed, :#order_id, :#status, :#error_code, :#error_message,
    :#provider, :#model, :#latency_ms, :#input_tokens, :#output_tokens, :#finish_reason, :#request_id,
    :#user_prompt, :#reasoning_trace, :#llm_output, :#decision_id, :#attempts, :#last_error, :#prompt_hash,
    :#reply_hash, :#chain_seq, :#prev_hash, :#row_hash, :#replay_of, :#replay_run_id, :#replay_target)
