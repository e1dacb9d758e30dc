# The values that do not read as a number, indexed apart: the check of unreadable values reads only them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0003_value_period_start'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='value',
            index=models.Index(condition=models.Q(('number__isnull', True)), fields=['framework', 'indicator'], name='value_without_number'),
        ),
    ]
