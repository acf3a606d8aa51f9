"""Files to models: YAML and spreadsheet readers and the validators behind them."""
