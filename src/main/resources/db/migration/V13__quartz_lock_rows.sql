-- Quartz creates its two lock rows lazily, on first use: two replicas starting together on a fresh database could
-- both insert them, and on PostgreSQL the loser's transaction is aborted and its start-up fails
-- (qrtz_locks_pkey). The rows exist from the start instead, for the default scheduler name
-- (quarkus.quartz.instance-name = QuarkusQuartzScheduler); a database that has them already keeps them.
insert into qrtz_locks (sched_name, lock_name)
select 'QuarkusQuartzScheduler', 'TRIGGER_ACCESS'
where not exists (select 1 from qrtz_locks where sched_name = 'QuarkusQuartzScheduler' and lock_name = 'TRIGGER_ACCESS');
insert into qrtz_locks (sched_name, lock_name)
select 'QuarkusQuartzScheduler', 'STATE_ACCESS'
where not exists (select 1 from qrtz_locks where sched_name = 'QuarkusQuartzScheduler' and lock_name = 'STATE_ACCESS');
