# Values keep their period's first day beside its last, so the database can tell which units were active in it.

from django.db import migrations, models


def fill_period_start(apps, schema_editor):
    from chiso.periods import Period

    # The database being migrated, which is not always the default one (a restore builds its store aside).
    alias = schema_editor.connection.alias
    for name in ("Value", "HistoricalValue"):
        rows = apps.get_model("store", name).objects.using(alias)
        for period in rows.values_list("period", flat=True).distinct():
            rows.filter(period=period).update(period_start=Period.parse(period).start)


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0002_submission_from_entry'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalvalue',
            name='period_start',
            field=models.DateField(null=True, verbose_name='ngày đầu kỳ'),
        ),
        migrations.AddField(
            model_name='value',
            name='period_start',
            field=models.DateField(null=True, verbose_name='ngày đầu kỳ'),
        ),
        migrations.RunPython(fill_period_start, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalvalue',
            name='period_start',
            field=models.DateField(verbose_name='ngày đầu kỳ'),
        ),
        migrations.AlterField(
            model_name='value',
            name='period_start',
            field=models.DateField(verbose_name='ngày đầu kỳ'),
        ),
        migrations.AddIndex(
            model_name='value',
            index=models.Index(fields=['framework', 'indicator', 'period'], name='value_by_indicator'),
        ),
    ]
