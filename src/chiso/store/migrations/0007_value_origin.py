# A value names where it came from (origin: "" for the unit's own report, else a source its framework declares),
# so several sources may hold a figure for one key; a framework may be given an official source in the store.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0006_orgunit_groups'),
    ]

    operations = [
        migrations.AddField(
            model_name='value',
            name='origin',
            field=models.CharField(blank=True, db_default='', default='', max_length=40, verbose_name='nguồn số liệu'),
        ),
        migrations.AddField(
            model_name='historicalvalue',
            name='origin',
            field=models.CharField(blank=True, db_default='', default='', max_length=40, verbose_name='nguồn số liệu'),
        ),
        migrations.AddField(
            model_name='framework',
            name='official_origin',
            field=models.CharField(blank=True, default='', max_length=40, verbose_name='nguồn chính thức'),
        ),
        migrations.AddField(
            model_name='historicalframework',
            name='official_origin',
            field=models.CharField(blank=True, default='', max_length=40, verbose_name='nguồn chính thức'),
        ),
        migrations.AlterField(
            model_name='value',
            name='source',
            field=models.TextField(blank=True, verbose_name='trích dẫn nguồn'),
        ),
        migrations.AlterField(
            model_name='historicalvalue',
            name='source',
            field=models.TextField(blank=True, verbose_name='trích dẫn nguồn'),
        ),
        # The new key is in place before the old one goes, so a figure is never left without one.
        migrations.AddConstraint(
            model_name='value',
            constraint=models.UniqueConstraint(fields=('framework', 'indicator', 'org_unit', 'period', 'origin'), name='one_value_per_key_and_origin'),
        ),
        migrations.RemoveConstraint(
            model_name='value',
            name='one_value_per_key',
        ),
        migrations.AddIndex(
            model_name='value',
            index=models.Index(condition=models.Q(('origin', ''), _negated=True), fields=['framework', 'indicator', 'org_unit', 'period'], name='value_from_other_source'),
        ),
    ]
