from evalnb.batch.cli import main

raise SystemExit(main())
